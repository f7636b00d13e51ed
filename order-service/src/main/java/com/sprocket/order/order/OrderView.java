package com.sprocket.order.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An order as its buyer (or an admin) sees it. {@code accessToken} appears only in a guest's checkout
 * response: the guest reads the order with it ({@code X-Order-Token}); it is not stored.
 */
public record OrderView(
        UUID id,
        String status,
        String paymentStatus,
        @Nullable String reason,
        Totals totals,
        List<OrderLine> lines,
        List<Shipment> shipments,
        Address shippingAddress,
        String shippingMethod,
        @Nullable Instant paymentDueAt,
        @Nullable UUID customerId,
        @Nullable String guestEmail,
        int version,
        Instant placedAt,
        Instant updatedAt,
        @Nullable String accessToken) {

    static OrderView of(Order order) {
        return of(order, null);
    }

    static OrderView of(Order order, String accessToken) {
        return new OrderView(
                order.id(),
                order.status().code(),
                order.paymentStatus().code(),
                order.reason(),
                order.totals(),
                order.lines(),
                order.shipments(),
                order.shippingAddress(),
                order.shippingMethod(),
                order.paymentDueAt(),
                order.buyer().customerId(),
                order.buyer().guestEmail(),
                order.version(),
                order.placedAt(),
                order.updatedAt(),
                accessToken);
    }
}
