package com.sprocket.order.order;

import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.sql.NewestFirst;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * Orders after checkout: who may read which (buyer, guest with the order token, involved vendor,
 * admin), the buyer's and admins' commands, vendors' fulfilment, and the saga steps driven by catalog
 * and payment events. Every change has one shape: lock the order, let {@link Order} decide, save it
 * with its history entry and append its event, in one transaction.
 */
@Service
public class OrderBook {

    private final Orders orders;
    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    OrderBook(Orders orders, DatabaseClient db, Outbox outbox, TransactionalOperator tx, Clock clock) {
        this.orders = orders;
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * The order for its buyer or an admin; a guest proves it with the order token (a wrong token is a
     * 404: a guest has no identity to be refused). Another signed-in user gets 403.
     */
    Mono<Order> get(UUID id, CurrentUser user, String orderToken) {
        return orders.find(id)
                .switchIfEmpty(Mono.error(() -> notFound(user, orderToken, id)))
                .doOnNext(order -> requireReader(order, user, orderToken));
    }

    /** A vendor's view of an order that includes their shipment (admins name the vendor). */
    Mono<VendorOrderView> getForVendor(UUID id, CurrentUser user, UUID vendorId) {
        UUID vendor = vendorOf(user, vendorId);
        return orders.find(id)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("order", id)))
                .map(order -> {
                    if (!order.involves(vendor)) {
                        throw ApiProblems.forbidden("This order has none of your lines.");
                    }
                    return VendorOrderView.of(order, vendor);
                });
    }

    /** The vendor a fulfilment read is for: the caller itself, or the one an admin names. */
    private static UUID vendorOf(CurrentUser user, UUID vendorId) {
        if (user.isAdmin()) {
            if (vendorId == null) {
                throw ApiProblems.invalid("vendorId", "is required when an admin reads a vendor's orders");
            }
            return vendorId;
        }
        if (vendorId != null && !user.owns(vendorId)) {
            throw ApiProblems.forbidden("Vendors see their own orders only.");
        }
        return user.id();
    }

    /** The caller's orders, newest first; admins see everyone's (optionally one customer's). */
    Mono<Page<OrderView>> list(CurrentUser user, UUID customerId, String status, String after, int limit) {
        UUID customer = user.isAdmin() ? customerId : user.id();
        return NewestFirst.from(Orders.SELECT, "o.placed_at")
                .where("o.customer_id = :customer", "customer", customer)
                .where("o.status = :status", "status", status)
                .after(after)
                .page(db, limit)
                .map(orders::toOrder)
                .all()
                .collectList()
                .map(rows -> Page.of(rows, limit, o -> Cursor.ofTimeAndId(o.placedAt(), o.id())))
                .map(page -> page.map(OrderView::of));
    }

    /** A vendor's shipments (their view of each order), newest first. */
    Mono<Page<VendorOrderView>> listForVendor(CurrentUser user, UUID vendorId, String status, String after, int limit) {
        UUID vendor = vendorOf(user, vendorId);
        return NewestFirst.from(
                        Orders.SELECT + " JOIN order_shipments v ON v.order_id = o.id AND v.vendor_id = :vendor",
                        "v.placed_at")
                .where("v.status = :shipmentStatus", "shipmentStatus", status)
                .after(after)
                .page(db, limit)
                .bind("vendor", vendor)
                .map(orders::toOrder)
                .all()
                .collectList()
                .map(rows -> Page.of(rows, limit, o -> Cursor.ofTimeAndId(o.placedAt(), o.id())))
                .map(page -> page.map(order -> VendorOrderView.of(order, vendor)));
    }

    Mono<Order> cancel(UUID id, CurrentUser user, String orderToken) {
        return command(id, order -> {
            requireReader(order, user, orderToken);
            return order.cancel(
                    user.isAdmin() && !user.owns(order.buyer().customerId())
                            ? "cancelled by an admin"
                            : "cancelled by the buyer",
                    clock.instant());
        });
    }

    Mono<VendorOrderView> ship(UUID id, UUID vendorId, ShipShipment request, CurrentUser user) {
        requireVendorOrAdmin(vendorId, user);
        return command(
                        id,
                        order -> order.ship(
                                vendorId,
                                request.carrier().strip(),
                                request.trackingNumber().strip(),
                                clock.instant()))
                .map(order -> VendorOrderView.of(order, vendorId));
    }

    Mono<VendorOrderView> deliver(UUID id, UUID vendorId, CurrentUser user) {
        requireVendorOrAdmin(vendorId, user);
        return command(id, order -> order.deliver(vendorId, clock.instant()))
                .map(order -> VendorOrderView.of(order, vendorId));
    }

    /**
     * A saga step from an event, in the caller's (inbox) transaction: the order decides whether the fact
     * changes it; an unknown order or a fact that changes nothing is a no-op.
     */
    public Mono<Void> react(UUID id, Function<Order, Optional<Order.Change>> decision) {
        return orders.lock(id)
                .flatMap(order -> Mono.justOrEmpty(decision.apply(order)))
                .flatMap(this::save)
                .then();
    }

    /** Expires the overdue unpaid orders of one batch; returns how many. */
    Mono<Integer> expireOverdue(int batch) {
        Instant now = clock.instant();
        return orders.lockOverdue(now, batch)
                .concatMap(id -> orders.find(id)
                        .flatMap(order -> Mono.justOrEmpty(order.expire(now)))
                        .flatMap(this::save))
                .count()
                .map(Long::intValue)
                .as(tx::transactional);
    }

    private Mono<Order> command(UUID id, Function<Order, Order.Change> decision) {
        return orders.lock(id)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("order", id)))
                .map(order -> decide(order, decision))
                .flatMap(this::save)
                .as(tx::transactional);
    }

    private static Order.Change decide(Order order, Function<Order, Order.Change> decision) {
        try {
            return decision.apply(order);
        } catch (OrderException refused) {
            throw switch (refused.reason()) {
                case NOT_ALLOWED_NOW -> ApiProblems.conflict(refused.getMessage());
                case NOT_YOUR_SHIPMENT -> ApiProblems.notFound("shipment", order.id());
            };
        }
    }

    private Mono<Order> save(Order.Change change) {
        return orders.save(change.order(), change.note())
                .then(outbox.append(change.event()))
                .thenReturn(change.order());
    }

    private static void requireReader(Order order, CurrentUser user, String orderToken) {
        if (!mayRead(order, user, orderToken)) {
            throw user.isGuest()
                    ? notFound(user, orderToken, order.id())
                    : ApiProblems.forbidden("This order is not yours.");
        }
    }

    private static boolean mayRead(Order order, CurrentUser user, String orderToken) {
        if (user.isAdmin()) {
            return true;
        }
        if (!user.isGuest()) {
            return user.owns(order.buyer().customerId());
        }
        return order.buyer().isGuest()
                && orderToken != null
                && MessageDigest.isEqual(
                        SecretTokens.sha256Hex(orderToken).getBytes(StandardCharsets.US_ASCII),
                        order.buyer().accessTokenHash().getBytes(StandardCharsets.US_ASCII));
    }

    private static void requireVendorOrAdmin(UUID vendorId, CurrentUser user) {
        if (!user.isAdmin() && !(user.has(Role.VENDOR) && user.owns(vendorId))) {
            throw ApiProblems.forbidden("Only the shipment's vendor (or an admin) may change it.");
        }
    }

    private static ErrorResponseException notFound(CurrentUser user, String orderToken, UUID id) {
        return user.isGuest() && orderToken == null
                ? ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token, or the order's X-Order-Token.")
                : ApiProblems.notFound("order", id);
    }
}
