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
        int reserved,
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

    /** What buyers can still order: on hand minus what is reserved for orders awaiting payment. */
    public int available() {
        return stock - reserved;
    }

    public boolean inStock() {
        return available() > 0;
    }

    /**
     * The weight shipping is priced by, in grams, from the {@code weight_g} or {@code weight_kg}
     * attribute (0 when neither is a number).
     */
    public int weightGrams() {
        if (attributes.get("weight_g") instanceof Number grams) {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.round(grams.doubleValue())));
        }
        if (attributes.get("weight_kg") instanceof Number kilograms) {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.round(kilograms.doubleValue() * 1000)));
        }
        return 0;
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
                reserved,
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
                reserved,
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
