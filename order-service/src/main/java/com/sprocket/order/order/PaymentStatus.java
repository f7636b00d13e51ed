package com.sprocket.order.order;

import java.util.Locale;

/**
 * The order's mirror of its payment (the seed's CHECK on orders.payment_status). It only moves forward
 * along {@code pending → processing → authorised → paid → settled}; {@code failed} from before paid;
 * {@code refunded} only after paid or settled. A duplicate or late event that would move it back is
 * ignored.
 */
public enum PaymentStatus {
    PENDING(0),
    PROCESSING(1),
    AUTHORISED(2),
    PAID(3),
    SETTLED(4),
    FAILED(-1),
    REFUNDED(5);

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

    /** True if the payment may go from this status to {@code next}. */
    boolean mayBecome(PaymentStatus next) {
        return switch (next) {
            case FAILED -> this == PENDING || this == PROCESSING || this == AUTHORISED;
            case REFUNDED -> this == PAID || this == SETTLED;
            default -> this != FAILED && this != REFUNDED && next.rank > rank;
        };
    }

    /** True once money is secured for the order (authorised or better). */
    boolean secured() {
        return this == AUTHORISED || this == PAID || this == SETTLED;
    }
}
