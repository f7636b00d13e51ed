package com.sprocket.catalog.part;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A spare part a vendor sells. Pure domain: changes return a new state; the use case stores it and
 * writes the events it implies.
 */
public record SparePart(
        UUID id,
        UUID vendorId,
        UUID categoryId,
        String title,
        String description,
        String brand,
        List<String> partNumbers,
        Condition condition,
        Money price,
        int stock,
        int lowStockThreshold,
        List<String> images,
        Map<String, Object> attributes,
        BigDecimal ratingAverage,
        int ratingCount,
        int version,
        Instant createdAt,
        Instant updatedAt,
        boolean withdrawn) {

    public SparePart {
        partNumbers = List.copyOf(partNumbers);
        images = List.copyOf(images);
        attributes = Map.copyOf(attributes);
    }

    public boolean lowOnStock() {
        return stock <= lowStockThreshold;
    }

    public boolean inStock() {
        return stock > 0;
    }

    /** What buyers may put in a cart: in stock, and its vendor may sell. */
    public boolean purchasable() {
        return inStock() && !withdrawn;
    }

    public String primaryImage() {
        return images.isEmpty() ? null : images.getFirst();
    }

    public SparePart withImages(List<String> newImages) {
        return new SparePart(
                id,
                vendorId,
                categoryId,
                title,
                description,
                brand,
                partNumbers,
                condition,
                price,
                stock,
                lowStockThreshold,
                newImages,
                attributes,
                ratingAverage,
                ratingCount,
                version,
                createdAt,
                updatedAt,
                withdrawn);
    }

    /** Applies the fields a vendor sent; null means "unchanged". */
    public SparePart apply(UpdatePart changes) {
        return new SparePart(
                id,
                vendorId,
                changes.categoryId() != null ? changes.categoryId() : categoryId,
                changes.title() != null ? changes.title().strip() : title,
                changes.description() != null ? changes.description() : description,
                changes.brand() != null ? changes.brand().strip() : brand,
                changes.partNumbers() != null ? changes.partNumbers() : partNumbers,
                changes.condition() != null ? changes.condition() : condition,
                new Money(
                        changes.priceMinor() != null ? changes.priceMinor() : price.amountMinor(),
                        changes.currency() != null ? changes.currency() : price.currency()),
                stock,
                changes.lowStockThreshold() != null ? changes.lowStockThreshold() : lowStockThreshold,
                images,
                changes.attributes() != null ? changes.attributes() : attributes,
                ratingAverage,
                ratingCount,
                version,
                createdAt,
                updatedAt,
                withdrawn);
    }
}
