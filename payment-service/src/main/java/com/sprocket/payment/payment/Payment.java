package com.sprocket.payment.payment;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A payment for one order with the TJ provider: its status moves forward only ({@link PaymentStatus}),
 * every change is one {@link PaymentEvent}. Pure: the use cases load it, ask it what a report or a refund
 * changes, and save the answer with its event.
 */
public record Payment(
        UUID id,
        UUID orderId,
        UUID customerId,
        String orderTokenHash,
        long amountMinor,
        String currency,
        PaymentStatus status,
        long refundedMinor,
        String providerPaymentId,
        String clientSecret,
        UUID paymentMethodId,
        boolean saveMethod,
        String failureReason,
        Requested requested,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    /** How the payment was asked for: the buyer, their Idempotency-Key and a hash of the request body. */
    public record Requested(String buyerKey, String idempotencyKey, String requestHash) {}

    /** The payment after a change, and the event that says so. */
    public record Change(Payment payment, PaymentEvent event) {}

    /** The buyer for whom the provider has just created a payment (created there first; nothing is half-made here). */
    public static Change start(
            UUID id,
            PayableOrder order,
            ProviderPayment created,
            UUID paymentMethodId,
            boolean saveMethod,
            Requested requested,
            Instant now) {
        PaymentStatus status = PaymentStatus.fromProvider(created.status()).orElse(PaymentStatus.PENDING);
        Payment payment = new Payment(
                id,
                order.orderId(),
                order.customerId(),
                order.orderTokenHash(),
                order.totalMinor(),
                order.currency(),
                status == PaymentStatus.PENDING ? PaymentStatus.PENDING : PaymentStatus.PROCESSING,
                0,
                created.id(),
                created.clientSecret(),
                paymentMethodId,
                saveMethod,
                null,
                requested,
                1,
                now,
                now);
        return new Change(payment, PaymentEvent.of(payment));
    }

    /**
     * What the provider reports (a webhook, or its answer when reconciling) changes: a forward move, or
     * a larger refunded amount. A report that would move it back, or that says nothing new, changes
     * nothing.
     */
    public Optional<Change> providerReports(
            PaymentStatus reported, String failure, long providerRefunded, Instant now) {
        if (reported == PaymentStatus.REFUNDED) {
            return refundedAtLeast(providerRefunded, now);
        }
        if (reported == status || !status.mayBecome(reported)) {
            return Optional.empty();
        }
        return Optional.of(
                changed(reported, reported == PaymentStatus.FAILED ? failure : failureReason, refundedMinor, now));
    }

    /** The refunded amount is now at least {@code total} (refunds succeeded here or at the provider). */
    public Optional<Change> refundedAtLeast(long total, Instant now) {
        long refunded = Math.min(amountMinor, Math.max(refundedMinor, total));
        if (refunded == refundedMinor || !status.captured()) {
            return Optional.empty();
        }
        return Optional.of(changed(PaymentStatus.REFUNDED, failureReason, refunded, now));
    }

    /** What may still be refunded, given the refunds already asked for ({@code pendingOrDone}). */
    public long refundable(long pendingOrDone) {
        return status.captured() ? Math.max(0, amountMinor - Math.max(refundedMinor, pendingOrDone)) : 0;
    }

    public boolean fullyRefunded() {
        return refundedMinor == amountMinor;
    }

    private Change changed(PaymentStatus next, String failure, long refunded, Instant now) {
        Payment payment = new Payment(
                id,
                orderId,
                customerId,
                orderTokenHash,
                amountMinor,
                currency,
                next,
                refunded,
                providerPaymentId,
                clientSecret,
                paymentMethodId,
                saveMethod,
                failure,
                requested,
                version + 1,
                createdAt,
                now);
        return new Change(payment, PaymentEvent.of(payment));
    }

    /** The same payment with its saved method (learnt from the provider's report). */
    public Payment withMethod(UUID methodId) {
        return new Payment(
                id,
                orderId,
                customerId,
                orderTokenHash,
                amountMinor,
                currency,
                status,
                refundedMinor,
                providerPaymentId,
                clientSecret,
                methodId,
                saveMethod,
                failureReason,
                requested,
                version,
                createdAt,
                updatedAt);
    }
}
