package com.sprocket.payment.payment;

import java.util.Locale;
import java.util.Optional;

/**
 * A payment's status. It only moves forward along {@code pending → processing → authorised → paid →
 * settled}; {@code failed} only before money is captured; {@code refunded} (partly or fully) only once
 * it is captured. A late, duplicate or out-of-order report that would move it back is ignored.
 */
public enum PaymentStatus {
    PENDING(0),
    PROCESSING(1),
    AUTHORISED(2),
    PAID(3),
    SETTLED(4),
    REFUNDED(5),
    FAILED(-1);

    private final int rank;

    PaymentStatus(int rank) {
        this.rank = rank;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** The provider's status names ({@code requires_confirmation} and {@code requires_action} are still pending/processing). */
    public static Optional<PaymentStatus> fromProvider(String status) {
        return Optional.ofNullable(
                switch (status == null ? "" : status) {
                    case "requires_confirmation" -> PENDING;
                    case "requires_action", "processing" -> PROCESSING;
                    case "authorised" -> AUTHORISED;
                    case "paid" -> PAID;
                    case "settled" -> SETTLED;
                    case "refunded" -> REFUNDED;
                    case "failed" -> FAILED;
                    default -> null;
                });
    }

    /** True if a payment in this status may become {@code next}. */
    public boolean mayBecome(PaymentStatus next) {
        return switch (next) {
            case FAILED -> this == PENDING || this == PROCESSING || this == AUTHORISED;
            case REFUNDED -> captured();
            default -> this != FAILED && this != REFUNDED && next.rank > rank;
        };
    }

    /** True once the money is captured (refunds are possible). */
    public boolean captured() {
        return this == PAID || this == SETTLED || this == REFUNDED;
    }

    /** True when nothing more is expected from the provider on its own (reconciliation stops asking). */
    public boolean finalForProvider() {
        return this == SETTLED || this == FAILED || this == REFUNDED;
    }
}
