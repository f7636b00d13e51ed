package com.sprocket.order.order;

import com.sprocket.order.pricing.Pricing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An order and its rules. Every method is pure: it returns the order as it now is and the event that
 * says what happened (a {@link Change}), or nothing when the fact changes nothing (a duplicate or late
 * saga event), or throws {@link OrderException} for a command the order refuses. Statuses only move
 * forward (see {@link OrderStatus}); each change bumps {@code version}, which orders the events and the
 * status history.
 */
public record Order(
        UUID id,
        Buyer buyer,
        Origin origin,
        OrderStatus status,
        PaymentStatus paymentStatus,
        String paymentIntentId,
        Totals totals,
        Address shippingAddress,
        String shippingMethod,
        List<OrderLine> lines,
        List<Shipment> shipments,
        String reason,
        Instant paymentDueAt,
        int version,
        Instant placedAt,
        Instant updatedAt) {

    public Order {
        lines = List.copyOf(lines);
        shipments = List.copyOf(shipments);
    }

    /** The new state, the event it implies, and a note for the status history. */
    public record Change(Order order, OrderEvent event, String note) {}

    /** A new order from a server-computed quote: {@code placed}, waiting for catalog to reserve its stock. */
    public static Change place(
            UUID id, Buyer buyer, Origin origin, Pricing.Quote quote, Address address, String method, Instant now) {
        List<OrderLine> lines = quote.lines().stream()
                .map(line -> new OrderLine(
                        line.item().partId(),
                        line.item().vendorId(),
                        line.item().categoryId(),
                        line.item().title(),
                        line.item().unitPriceMinor(),
                        line.item().quantity(),
                        line.lineMinor(),
                        line.taxBp(),
                        line.taxMinor()))
                .toList();
        List<Shipment> shipments = quote.shipments().stream()
                .map(s ->
                        new Shipment(s.vendorId(), Shipment.Status.PENDING, s.shippingMinor(), null, null, null, null))
                .toList();
        Totals totals = new Totals(
                quote.currency(),
                quote.pricesIncludeTax(),
                quote.itemsMinor(),
                quote.shippingMinor(),
                quote.taxMinor(),
                quote.totalMinor());
        Order order = new Order(
                id,
                buyer,
                origin,
                OrderStatus.PLACED,
                PaymentStatus.PENDING,
                null,
                totals,
                address,
                method,
                lines,
                shipments,
                null,
                null,
                1,
                now,
                now);
        return new Change(order, OrderEvent.of(OrderEvent.PLACED, order), "placed");
    }

    /** Catalog reserved every line until {@code dueAt}: the buyer may pay now. */
    public Optional<Change> stockReserved(Instant dueAt, Instant now) {
        if (status != OrderStatus.PLACED) {
            return Optional.empty();
        }
        Order next = with(OrderStatus.AWAITING_PAYMENT, paymentStatus, null, dueAt, shipments, now);
        return Optional.of(new Change(next, OrderEvent.of(OrderEvent.AWAITING_PAYMENT, next), "stock reserved"));
    }

    /** Catalog could not reserve a line: the order is rejected with catalog's reason. */
    public Optional<Change> stockRejected(String why, Instant now) {
        if (status != OrderStatus.PLACED) {
            return Optional.empty();
        }
        Order next = with(OrderStatus.REJECTED, paymentStatus, why, null, cancelledShipments(), now);
        return Optional.of(new Change(next, OrderEvent.of(OrderEvent.REJECTED, next), why));
    }

    /**
     * The payment moved to {@code payment}. Secured money (authorised, paid, settled) on an order awaiting
     * payment makes it {@code paid}; a failed payment cancels it (stock released); any other forward move
     * is mirrored on the order. A move backwards, or a repeat, changes nothing.
     */
    public Optional<Change> paymentChanged(PaymentStatus payment, String paymentId, Instant now) {
        if (!paymentStatus.mayBecome(payment)) {
            return Optional.empty();
        }
        String intent = paymentId != null ? paymentId : paymentIntentId;
        if (payment.secured() && status == OrderStatus.AWAITING_PAYMENT) {
            Order next = with(OrderStatus.PAID, payment, null, paymentDueAt, shipments, now)
                    .withIntent(intent);
            return Optional.of(new Change(next, OrderEvent.of(OrderEvent.PAID, next), "payment " + payment.code()));
        }
        if (payment == PaymentStatus.FAILED && status == OrderStatus.AWAITING_PAYMENT) {
            Order next = with(OrderStatus.CANCELLED, payment, "payment failed", null, cancelledShipments(), now)
                    .withIntent(intent);
            return Optional.of(new Change(next, OrderEvent.of(OrderEvent.CANCELLED, next), "payment failed"));
        }
        Order next = with(status, payment, reason, paymentDueAt, shipments, now).withIntent(intent);
        return Optional.of(
                new Change(next, OrderEvent.of(OrderEvent.PAYMENT_UPDATED, next), "payment " + payment.code()));
    }

    /**
     * The payment was refunded ({@code full}: all of it). A full refund of a paid order nothing of which
     * has shipped cancels it (its stock goes back); otherwise the refund is mirrored on the order.
     */
    public Optional<Change> paymentRefunded(boolean full, String paymentId, Instant now) {
        boolean nothingShipped = shipments.stream().allMatch(s -> s.status() == Shipment.Status.PENDING);
        if (full && status == OrderStatus.PAID && nothingShipped) {
            String intent = paymentId != null ? paymentId : paymentIntentId;
            Order next = with(
                            OrderStatus.CANCELLED,
                            PaymentStatus.REFUNDED,
                            CANCELLATION_REQUESTED.equals(reason) ? "cancelled by the buyer, refunded" : "refunded",
                            null,
                            cancelledShipments(),
                            now)
                    .withIntent(intent);
            return Optional.of(new Change(next, OrderEvent.of(OrderEvent.CANCELLED, next), "refunded in full"));
        }
        return paymentChanged(PaymentStatus.REFUNDED, paymentId, now);
    }

    /** The reason a paid order carries while the refund its buyer asked for is under way. */
    public static final String CANCELLATION_REQUESTED = "cancellation requested: refund pending";

    /**
     * The buyer (or an admin) cancels. Before payment the order is cancelled and its stock released; once
     * paid, and while nothing has shipped, a refund is requested ({@code order.refund-requested.v1}: the
     * payment service refunds it) and the order is cancelled when the refund is done.
     */
    public Change cancel(String why, Instant now) {
        boolean nothingShipped = shipments.stream().allMatch(s -> s.status() == Shipment.Status.PENDING);
        if (status == OrderStatus.PAID && paymentStatus.secured() && nothingShipped) {
            if (CANCELLATION_REQUESTED.equals(reason)) {
                throw new OrderException(
                        OrderException.Reason.NOT_ALLOWED_NOW,
                        "A refund was already requested for this order; it is cancelled once the refund is done.");
            }
            Order next = with(status, paymentStatus, CANCELLATION_REQUESTED, paymentDueAt, shipments, now);
            return new Change(next, OrderEvent.of(OrderEvent.REFUND_REQUESTED, next), why + "; refund requested");
        }
        if (status != OrderStatus.PLACED && status != OrderStatus.AWAITING_PAYMENT) {
            throw new OrderException(
                    OrderException.Reason.NOT_ALLOWED_NOW,
                    "An order that is " + status.code()
                            + " cannot be cancelled any more (once shipped, returns are handled with the vendor).");
        }
        Order next = with(OrderStatus.CANCELLED, paymentStatus, why, null, cancelledShipments(), now);
        return new Change(next, OrderEvent.of(OrderEvent.CANCELLED, next), why);
    }

    /** Payment did not arrive by the deadline: the order expires and catalog releases its stock. */
    public Optional<Change> expire(Instant now) {
        if (status != OrderStatus.AWAITING_PAYMENT || paymentDueAt == null || now.isBefore(paymentDueAt)) {
            return Optional.empty();
        }
        Order next = with(OrderStatus.EXPIRED, paymentStatus, "not paid in time", null, cancelledShipments(), now);
        return Optional.of(new Change(next, OrderEvent.of(OrderEvent.EXPIRED, next), "not paid in time"));
    }

    /** A vendor hands their shipment to a carrier; the order is shipped once every shipment is. */
    public Change ship(UUID vendorId, String carrier, String trackingNumber, Instant now) {
        Shipment shipment = shipmentOf(vendorId);
        if ((status != OrderStatus.PAID && status != OrderStatus.SHIPPED)
                || shipment.status() != Shipment.Status.PENDING) {
            throw new OrderException(
                    OrderException.Reason.NOT_ALLOWED_NOW,
                    "Only a paid order's pending shipment can be shipped (order " + status.code() + ", shipment "
                            + shipment.status().code() + ").");
        }
        List<Shipment> next = replace(shipment.shipped(carrier, trackingNumber, now));
        boolean all = next.stream().allMatch(s -> s.status() != Shipment.Status.PENDING);
        Order order = with(all ? OrderStatus.SHIPPED : status, paymentStatus, reason, paymentDueAt, next, now);
        return new Change(order, OrderEvent.of(OrderEvent.SHIPPED, order), "shipped by " + vendorId);
    }

    /** The vendor's shipment arrived; the order is delivered once every shipment is. */
    public Change deliver(UUID vendorId, Instant now) {
        Shipment shipment = shipmentOf(vendorId);
        if (shipment.status() != Shipment.Status.SHIPPED) {
            throw new OrderException(
                    OrderException.Reason.NOT_ALLOWED_NOW,
                    "Only a shipped shipment can be delivered (it is "
                            + shipment.status().code() + ").");
        }
        List<Shipment> next = replace(shipment.delivered(now));
        boolean all = next.stream().allMatch(s -> s.status() == Shipment.Status.DELIVERED);
        OrderStatus status = all ? OrderStatus.DELIVERED : OrderStatus.SHIPPED;
        Order order = with(status, paymentStatus, reason, paymentDueAt, next, now);
        return new Change(order, OrderEvent.of(OrderEvent.DELIVERED, order), "delivered by " + vendorId);
    }

    public List<UUID> vendorIds() {
        return shipments.stream().map(Shipment::vendorId).toList();
    }

    /** This vendor's view: only their lines and shipment. */
    public boolean involves(UUID vendorId) {
        return shipments.stream().anyMatch(s -> s.vendorId().equals(vendorId));
    }

    private Shipment shipmentOf(UUID vendorId) {
        return shipments.stream()
                .filter(s -> s.vendorId().equals(vendorId))
                .findFirst()
                .orElseThrow(() -> new OrderException(
                        OrderException.Reason.NOT_YOUR_SHIPMENT, "This order has no shipment of vendor " + vendorId));
    }

    private List<Shipment> replace(Shipment changed) {
        List<Shipment> next = new ArrayList<>(shipments.size());
        for (Shipment s : shipments) {
            next.add(s.vendorId().equals(changed.vendorId()) ? changed : s);
        }
        return next;
    }

    private List<Shipment> cancelledShipments() {
        return shipments.stream().map(Shipment::cancelled).toList();
    }

    private Order with(
            OrderStatus status,
            PaymentStatus payment,
            String reason,
            Instant dueAt,
            List<Shipment> shipments,
            Instant now) {
        return new Order(
                id,
                buyer,
                origin,
                status,
                payment,
                paymentIntentId,
                totals,
                shippingAddress,
                shippingMethod,
                lines,
                shipments,
                reason,
                dueAt,
                version + 1,
                placedAt,
                now);
    }

    private Order withIntent(String intent) {
        return new Order(
                id,
                buyer,
                origin,
                status,
                paymentStatus,
                intent,
                totals,
                shippingAddress,
                shippingMethod,
                lines,
                shipments,
                reason,
                paymentDueAt,
                version,
                placedAt,
                updatedAt);
    }
}
