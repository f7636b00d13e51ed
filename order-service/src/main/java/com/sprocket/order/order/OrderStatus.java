package com.sprocket.order.order;

import java.util.Locale;

/**
 * Where an order is. Forward only: {@code placed → awaiting_payment | rejected}; {@code awaiting_payment →
 * paid | cancelled | expired}; {@code paid → shipped → delivered} (an order is shipped when every vendor's
 * shipment is, delivered when every one is); {@code placed → cancelled}.
 */
public enum OrderStatus {
    PLACED,
    AWAITING_PAYMENT,
    REJECTED,
    PAID,
    SHIPPED,
    DELIVERED,
    CANCELLED,
    EXPIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    boolean isFinal() {
        return this == REJECTED || this == DELIVERED || this == CANCELLED || this == EXPIRED;
    }
}
