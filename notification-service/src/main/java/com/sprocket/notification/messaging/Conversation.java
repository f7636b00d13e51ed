package com.sprocket.notification.messaging;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A thread between one customer and one vendor, optionally about a part or an order. */
public record Conversation(
        UUID id,
        UUID customerId,
        UUID vendorId,
        @Nullable UUID partId,
        @Nullable UUID orderId,
        Instant createdAt,
        Instant lastMessageAt,
        long unread) {}
