package com.sprocket.catalog.part;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A part as a list shows it (search results, browsing): what a result row and its filters need, not
 * the description, attributes or image gallery ({@code GET /api/catalog/parts/{id}} has those). A
 * search page is then a third of the bytes to read, encode and send.
 */
public record PartSummary(
        UUID id,
        UUID vendorId,
        @Nullable UUID categoryId,
        String title,
        String brand,
        List<String> partNumbers,
        Condition condition,
        Money price,
        int stock,
        int available,
        boolean inStock,
        @Nullable String primaryImage,
        PartView.Rating rating,
        Instant updatedAt) {

    public static PartSummary of(SparePart part) {
        return new PartSummary(
                part.id(),
                part.vendorId(),
                part.categoryId(),
                part.title(),
                part.brand(),
                part.partNumbers(),
                part.condition(),
                part.price(),
                part.stock(),
                part.available(),
                part.inStock(),
                part.primaryImage(),
                new PartView.Rating(part.ratingAverage(), part.ratingCount()),
                part.updatedAt());
    }
}
