package com.sprocket.payment.payment;

import java.util.List;
import java.util.UUID;

/**
 * An order as payment-service knows it from order-service's events: what is due, who may pay and read
 * it (the customer, or the guest holding the token whose hash this is; its vendors read), and its status.
 */
public record PayableOrder(
        UUID orderId,
        UUID customerId,
        String orderTokenHash,
        List<UUID> vendorIds,
        String status,
        long totalMinor,
        String currency,
        int version) {

    public static final String AWAITING_PAYMENT = "awaiting_payment";

    public boolean awaitingPayment() {
        return AWAITING_PAYMENT.equals(status);
    }

    /** True when the order no longer wants the money (a payment that still succeeds is refunded). */
    public boolean closedWithoutPayment() {
        return "expired".equals(status) || "cancelled".equals(status) || "rejected".equals(status);
    }

    public boolean guest() {
        return customerId == null;
    }
}
