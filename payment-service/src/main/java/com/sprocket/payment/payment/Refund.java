package com.sprocket.payment.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * A refund of (part of) a captured payment: {@code pending} until the provider confirms it, then
 * {@code succeeded} (or {@code failed} when the provider refuses). Its id is the provider idempotency
 * key, so executing it again (a retry, another replica) refunds once.
 *
 * @param requestedBy who asked: {@code user:<id>}, {@code order-cancelled} (the buyer cancelled after
 *     paying) or {@code order-closed} (the payment succeeded after its order had expired or was cancelled)
 */
public record Refund(
        UUID id,
        UUID paymentId,
        long amountMinor,
        String status,
        String reason,
        String idempotencyKey,
        String requestedBy,
        String providerRefundId,
        String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    static Refund request(UUID paymentId, long amount, String reason, String key, String requestedBy, Instant now) {
        return new Refund(
                UUID.randomUUID(), paymentId, amount, PENDING, reason, key, requestedBy, null, null, now, now);
    }
}
