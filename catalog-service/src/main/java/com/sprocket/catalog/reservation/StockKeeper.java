package com.sprocket.catalog.reservation;

import com.sprocket.catalog.config.CatalogProperties;
import com.sprocket.catalog.part.PartCatalog;
import com.sprocket.catalog.part.Parts;
import com.sprocket.catalog.part.SparePart;
import com.sprocket.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Catalog's steps of the checkout saga, each in the caller's (inbox) transaction. Reserve: lock the
 * order's parts in id order, let {@link Reservation} decide all or nothing, hold the stock and record
 * the reservations, publish {@code stock.reserved.v1} (or {@code stock.rejected.v1}) and each part's new
 * availability. Commit (order paid): stock on hand and reserved both fall by the quantity, for good, and
 * low-stock alerts fire as for any stock change; the buyer becomes a verified purchaser of each part.
 * Release (cancelled, expired): the reserved quantity is freed. Each step applies once per order:
 * a reservation's status only moves from {@code reserved} to {@code committed} or {@code released}.
 */
@Service
class StockKeeper {

    private final Parts parts;
    private final PartCatalog catalog;
    private final DatabaseClient db;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration ttl;

    StockKeeper(
            Parts parts,
            PartCatalog catalog,
            DatabaseClient db,
            Outbox outbox,
            Clock clock,
            CatalogProperties properties) {
        this.parts = parts;
        this.catalog = catalog;
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.ttl = properties.reservationTtl();
    }

    Mono<Void> reserve(UUID orderId, List<Reservation.Line> lines) {
        return alreadyReserved(orderId).flatMap(seen -> seen ? Mono.empty() : decideAndApply(orderId, lines));
    }

    Mono<Void> commit(UUID orderId, UUID customerId) {
        return settle(
                        orderId,
                        "reserved",
                        "committed",
                        line -> parts.moveStock(line.partId(), -line.quantity(), -line.quantity()))
                .concatMap(line -> customerId == null ? Mono.empty() : verifiedPurchase(customerId, line, orderId))
                .then();
    }

    /**
     * The order is off: its reserved stock is released; stock it had committed (it was paid, then
     * cancelled and refunded before anything shipped) goes back on the shelf.
     */
    Mono<Void> release(UUID orderId) {
        return settle(orderId, "reserved", "released", line -> parts.moveStock(line.partId(), 0, -line.quantity()))
                .thenMany(settle(
                        orderId, "committed", "restocked", line -> parts.moveStock(line.partId(), line.quantity(), 0)))
                .then();
    }

    private Mono<Void> decideAndApply(UUID orderId, List<Reservation.Line> lines) {
        return parts.lockAll(lines.stream().map(Reservation.Line::partId).toList())
                .collect(Collectors.toMap(SparePart::id, Function.identity()))
                .map(locked -> Reservation.decide(lines, locked))
                .flatMap(decision -> switch (decision) {
                    case Reservation.Reserve reserve -> hold(orderId, reserve.lines());
                    case Reservation.Reject reject ->
                        outbox.append(new StockRejected(
                                orderId, reject.reason(), reject.partId(), reject.requested(), reject.available()));
                });
    }

    private Mono<Void> hold(UUID orderId, List<Reservation.Line> lines) {
        Instant expiresAt = clock.instant().plus(ttl);
        return Flux.fromIterable(lines)
                .concatMap(line ->
                        parts.moveStock(line.partId(), 0, line.quantity()).flatMap(catalog::recordUpdated))
                .then(db.sql("""
                                INSERT INTO stock_reservations (order_id, part_id, quantity, status, expires_at)
                                SELECT :order, l.part, l.quantity, 'reserved', :expires
                                FROM unnest(:parts::uuid[], :quantities::int[]) AS l(part, quantity)
                                """)
                        .bind("order", orderId)
                        .bind("expires", expiresAt)
                        .bind(
                                "parts",
                                lines.stream().map(Reservation.Line::partId).toArray(UUID[]::new))
                        .bind(
                                "quantities",
                                lines.stream().map(Reservation.Line::quantity).toArray(Integer[]::new))
                        .then())
                .then(outbox.append(new StockReserved(orderId, expiresAt, lines)));
    }

    /**
     * Moves the order's open reservations to {@code status}, locked, applying {@code stockMove} to each
     * part (in part id order) and publishing its new state; emits the lines it settled (none if the
     * order had no open reservation: a repeat, or an order catalog rejected).
     */
    private Flux<Reservation.Line> settle(
            UUID orderId, String from, String status, Function<Reservation.Line, Mono<SparePart>> stockMove) {
        return db.sql("""
                        UPDATE stock_reservations SET status = :status, updated_at = now()
                        WHERE order_id = :order AND status = :from
                        RETURNING part_id, quantity
                        """)
                .bind("order", orderId)
                .bind("from", from)
                .bind("status", status)
                .map(row -> new Reservation.Line(row.get("part_id", UUID.class), row.get("quantity", Integer.class)))
                .all()
                .sort((a, b) -> a.partId().compareTo(b.partId()))
                .concatMap(line ->
                        stockMove.apply(line).flatMap(catalog::recordUpdated).thenReturn(line));
    }

    private Mono<Boolean> alreadyReserved(UUID orderId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM stock_reservations WHERE order_id = :order) AS seen")
                .bind("order", orderId)
                .map(row -> Boolean.TRUE.equals(row.get("seen", Boolean.class)))
                .one();
    }

    private Mono<Void> verifiedPurchase(UUID customerId, Reservation.Line line, UUID orderId) {
        return db.sql(
                        "INSERT INTO verified_purchases (customer_id, part_id, order_id) VALUES (:customer, :part, :order)"
                                + " ON CONFLICT DO NOTHING")
                .bind("customer", Parameter.from(customerId))
                .bind("part", line.partId())
                .bind("order", orderId)
                .then();
    }
}
