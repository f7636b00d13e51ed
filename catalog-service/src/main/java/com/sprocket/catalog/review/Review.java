package com.sprocket.catalog.review;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's review of a part: one per customer per part. {@code verifiedPurchase}: the customer has
 * a paid order with this part (catalog learns it from order events).
 */
public record Review(
        UUID id,
        UUID partId,
        UUID customerId,
        int rating,
        String body,
        boolean hidden,
        boolean verifiedPurchase,
        Instant createdAt,
        Instant updatedAt) {}
