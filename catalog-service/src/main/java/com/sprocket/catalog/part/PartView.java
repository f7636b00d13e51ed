package com.sprocket.catalog.part;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A part as the API shows it. */
public record PartView(
        UUID id,
        UUID vendorId,
        @Nullable UUID categoryId,
        String title,
        String description,
        String brand,
        List<String> partNumbers,
        Condition condition,
        Money price,
        int stock,
        int reserved,
        int available,
        boolean inStock,
        int lowStockThreshold,
        List<String> images,
        @Nullable String primaryImage,
        Map<String, Object> attributes,
        Rating rating,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    public record Rating(BigDecimal average, int count) {}

    public static PartView of(SparePart part) {
        return new PartView(
                part.id(),
                part.vendorId(),
                part.categoryId(),
                part.title(),
                part.description(),
                part.brand(),
                part.partNumbers(),
                part.condition(),
                part.price(),
                part.stock(),
                part.reserved(),
                part.available(),
                part.inStock(),
                part.lowStockThreshold(),
                part.images(),
                part.primaryImage(),
                part.attributes(),
                new Rating(part.ratingAverage(), part.ratingCount()),
                part.version(),
                part.createdAt(),
                part.updatedAt());
    }
}
