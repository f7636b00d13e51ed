package com.sprocket.order.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.sprocket.platform.outbox.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every event of an order on {@code order.orders} (key: the order id) carries the order's state after
 * the fact, so a consumer needs no other source: catalog reserves, commits or releases stock from the
 * lines, cart-service removes paid lines from the cart, notification-service routes to the customer,
 * the order's channel and each vendor, and payment-service (next) learns the amount due. The saga
 * contract's fields ({@code orderId, customerId, lines[partId, vendorId, quantity, unitPrice]}, and
 * {@code reason}) are all here; {@code unitPrice} is in minor units. A guest's order carries the SHA-256
 * of its access token ({@code orderTokenHash}): it names the order's guest channel, which only the
 * token's holder can derive.
 */
public record OrderEvent(
        @JsonIgnore String type,
        UUID orderId,
        UUID customerId,
        boolean guest,
        String orderTokenHash,
        String status,
        String paymentStatus,
        String currency,
        long totalMinor,
        List<UUID> vendorIds,
        List<Line> lines,
        List<ShipmentState> shipments,
        UUID cartId,
        String reason,
        Instant paymentDueAt,
        int version,
        Instant at)
        implements DomainEvent {

    public static final String TOPIC = "order.orders";
    public static final String PLACED = "order.placed.v1";
    public static final String AWAITING_PAYMENT = "order.awaiting-payment.v1";
    public static final String REJECTED = "order.rejected.v1";
    public static final String PAID = "order.paid.v1";
    public static final String PAYMENT_UPDATED = "order.payment-updated.v1";
    public static final String CANCELLED = "order.cancelled.v1";
    public static final String REFUND_REQUESTED = "order.refund-requested.v1";
    public static final String EXPIRED = "order.expired.v1";
    public static final String SHIPPED = "order.shipped.v1";
    public static final String DELIVERED = "order.delivered.v1";

    public record Line(UUID partId, UUID vendorId, int quantity, long unitPrice) {}

    public record ShipmentState(UUID vendorId, String status, String carrier, String trackingNumber) {}

    static OrderEvent of(String type, Order order) {
        return new OrderEvent(
                type,
                order.id(),
                order.buyer().customerId(),
                order.buyer().isGuest(),
                order.buyer().accessTokenHash(),
                order.status().code(),
                order.paymentStatus().code(),
                order.totals().currency(),
                order.totals().totalMinor(),
                order.vendorIds(),
                order.lines().stream()
                        .map(line -> new Line(line.partId(), line.vendorId(), line.quantity(), line.unitPriceMinor()))
                        .toList(),
                order.shipments().stream()
                        .map(s -> new ShipmentState(s.vendorId(), s.status().code(), s.carrier(), s.trackingNumber()))
                        .toList(),
                order.origin().cartId(),
                order.reason(),
                order.paymentDueAt(),
                order.version(),
                order.updatedAt());
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public String aggregateType() {
        return "order";
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
