package com.sprocket.payment.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A payment as the API shows it. Its buyer also gets, while it waits for them, what the browser needs
 * to confirm it at the provider: the client secret and the confirm URL (and a challenge URL when the card
 * asks for one).
 */
public record PaymentView(
        UUID id,
        UUID orderId,

        @Schema(allowableValues = {"pending", "processing", "authorised", "paid", "settled", "failed", "refunded"})
        String status,

        long amountMinor,
        long refundedMinor,
        String currency,
        @Nullable String failureReason,
        @Nullable UUID paymentMethodId,

        @Schema(description = "For the buyer while the payment waits for confirmation") @Nullable
        String clientSecret,

        @Schema(description = "Where the browser confirms the payment with a card (POST)") @Nullable
        String confirmUrl,

        @Schema(description = "A challenge the card asks for, when it does") @Nullable
        String nextActionUrl,

        int version,
        Instant createdAt,
        Instant updatedAt) {

    public static PaymentView of(Payment payment) {
        return of(payment, null, null);
    }

    /** With the browser's confirmation details, while the payment still waits for the buyer. */
    public static PaymentView forBuyer(Payment payment, String providerBaseUrl, String nextActionUrl) {
        return payment.status() == PaymentStatus.PENDING || payment.status() == PaymentStatus.PROCESSING
                ? of(payment, providerBaseUrl, nextActionUrl)
                : of(payment);
    }

    private static PaymentView of(Payment payment, String providerBaseUrl, String nextActionUrl) {
        boolean confirmable = providerBaseUrl != null;
        return new PaymentView(
                payment.id(),
                payment.orderId(),
                payment.status().code(),
                payment.amountMinor(),
                payment.refundedMinor(),
                payment.currency(),
                payment.failureReason(),
                payment.paymentMethodId(),
                confirmable ? payment.clientSecret() : null,
                confirmable && payment.status() == PaymentStatus.PENDING
                        ? providerBaseUrl + "/v1/payments/" + payment.providerPaymentId() + "/confirm"
                        : null,
                nextActionUrl,
                payment.version(),
                payment.createdAt(),
                payment.updatedAt());
    }
}
