package com.sprocket.catalog.part;

import java.time.Instant;
import java.util.UUID;

/**
 * Payload of {@code part.created.v1} and {@code part.updated.v1} on {@code catalog.parts}: what a
 * read model needs (cart prices and availability, order pricing and shipping weight). {@code stock} is
 * on hand, {@code reserved} held for orders awaiting payment, {@code availableStock} what buyers can
 * still order; {@code available} says whether it can be bought now. {@code version} orders the
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
        int reserved,
        int availableStock,
        boolean available,
        int weightGrams,
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
                part.reserved(),
                part.available(),
                part.purchasable(),
                part.weightGrams(),
                part.primaryImage(),
                part.version(),
                part.updatedAt());
    }
}
