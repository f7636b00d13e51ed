package com.sprocket.payment.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A refund as the API shows it. */
public record RefundView(
        UUID id,
        UUID paymentId,
        long amountMinor,

        @Schema(allowableValues = {"pending", "succeeded", "failed"})
        String status,

        String reason,
        String requestedBy,
        @Nullable String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    public static RefundView of(Refund refund) {
        return new RefundView(
                refund.id(),
                refund.paymentId(),
                refund.amountMinor(),
                refund.status(),
                refund.reason(),
                refund.requestedBy(),
                refund.failureReason(),
                refund.createdAt(),
                refund.updatedAt());
    }
}
