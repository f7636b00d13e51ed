package com.sprocket.payment.payment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.sprocket.platform.outbox.DomainEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Every change of a payment on {@code payment.payments} (key: the order id, so one order's payment
 * events stay in order): {@code payment.<status>.v1} with the payment's state after the change.
 * order-service mirrors the status on the order; notification-service pushes it to the buyer's
 * {@code order:<id>} stream. {@code orderTokenHash} names a guest order's channel.
 */
public record PaymentEvent(
        @JsonIgnore String type,
        UUID paymentId,
        UUID orderId,
        UUID customerId,
        String orderTokenHash,
        String status,
        long amountMinor,
        long refundedMinor,
        String currency,
        String failureReason,
        int version,
        Instant at)
        implements DomainEvent {

    public static final String TOPIC = "payment.payments";

    static PaymentEvent of(Payment payment) {
        return new PaymentEvent(
                "payment." + payment.status().code() + ".v1",
                payment.id(),
                payment.orderId(),
                payment.customerId(),
                payment.orderTokenHash(),
                payment.status().code(),
                payment.amountMinor(),
                payment.refundedMinor(),
                payment.currency(),
                payment.failureReason(),
                payment.version(),
                payment.updatedAt());
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public String aggregateType() {
        return "payment";
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
