package com.sprocket.catalog.part;

import java.time.Instant;
import java.util.UUID;

/**
 * Payload of {@code part.created.v1} and {@code part.updated.v1} on {@code catalog.parts}: what a
 * read model (cart prices and availability, order pricing) needs. {@code version} orders the
 * changes of one part.
 */
public record PartChanged(
        UUID partId,
        UUID vendorId,
        UUID categoryId,
        String title,
        String brand,
        long priceMinor,
        String currency,
        int stock,
        boolean available,
        String primaryImage,
        int version,
        Instant changedAt) {

    public static final String CREATED = "part.created.v1";
    public static final String UPDATED = "part.updated.v1";

    static PartChanged of(SparePart part) {
        return new PartChanged(
                part.id(),
                part.vendorId(),
                part.categoryId(),
                part.title(),
                part.brand(),
                part.price().amountMinor(),
                part.price().currency(),
                part.stock(),
                part.purchasable(),
                part.primaryImage(),
                part.version(),
                part.updatedAt());
    }
}
