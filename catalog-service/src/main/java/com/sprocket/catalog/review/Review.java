package com.sprocket.catalog.review;

import java.time.Instant;
import java.util.UUID;

/** A customer's review of a part: one per customer per part. */
public record Review(
        UUID id,
        UUID partId,
        UUID customerId,
        int rating,
        String body,
        boolean hidden,
        Instant createdAt,
        Instant updatedAt) {}
