package com.sprocket.payment.payment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code refunds}. */
@Repository
class Refunds {

    private static final String SELECT = """
            SELECT id, payment_id, amount_minor, status, reason, idempotency_key, requested_by, provider_refund_id,
                   failure_reason, created_at, updated_at
            FROM refunds""";

    private final DatabaseClient db;

    Refunds(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Refund refund) {
        return db.sql("""
                        INSERT INTO refunds (id, payment_id, amount_minor, status, reason, idempotency_key, requested_by,
                                             created_at, updated_at)
                        VALUES (:id, :payment, :amount, :status, :reason, :key, :by, :at, :at)
                        """)
                .bind("id", refund.id())
                .bind("payment", refund.paymentId())
                .bind("amount", refund.amountMinor())
                .bind("status", refund.status())
                .bind("reason", refund.reason())
                .bind("key", refund.idempotencyKey())
                .bind("by", refund.requestedBy())
                .bind("at", refund.createdAt().atOffset(ZoneOffset.UTC))
                .then();
    }

    Mono<Refund> find(UUID id) {
        return db.sql(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map(Refunds::toRefund)
                .one();
    }

    Mono<Refund> findByKey(UUID paymentId, String key) {
        return db.sql(SELECT + " WHERE payment_id = :payment AND idempotency_key = :key")
                .bind("payment", paymentId)
                .bind("key", key)
                .map(Refunds::toRefund)
                .one();
    }

    Flux<Refund> ofPayment(UUID paymentId) {
        return db.sql(SELECT + " WHERE payment_id = :payment ORDER BY created_at, id")
                .bind("payment", paymentId)
                .map(Refunds::toRefund)
                .all();
    }

    /** What is refunded or being refunded (pending and succeeded). */
    Mono<Long> open(UUID paymentId) {
        return db.sql(
                        "SELECT coalesce(sum(amount_minor), 0) AS n FROM refunds WHERE payment_id = :payment AND status <> 'failed'")
                .bind("payment", paymentId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** What the provider has confirmed as refunded. */
    Mono<Long> succeeded(UUID paymentId) {
        return db.sql(
                        "SELECT coalesce(sum(amount_minor), 0) AS n FROM refunds WHERE payment_id = :payment AND status = 'succeeded'")
                .bind("payment", paymentId)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** Marks a pending refund done; false if it was not pending any more (another replica finished it). */
    Mono<Boolean> finish(UUID id, String status, String providerRefundId, String failure, Instant now) {
        var spec = db.sql("""
                        UPDATE refunds SET status = :status, provider_refund_id = :pid, failure_reason = :failure,
                          updated_at = :now
                        WHERE id = :id AND status = 'pending'
                        """).bind("id", id).bind("status", status).bind("now", now.atOffset(ZoneOffset.UTC));
        spec = providerRefundId == null ? spec.bindNull("pid", String.class) : spec.bind("pid", providerRefundId);
        spec = failure == null ? spec.bindNull("failure", String.class) : spec.bind("failure", failure);
        return spec.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** Pending refunds not touched since {@code before} (their provider call failed or was interrupted). */
    Flux<Refund> pending(Instant before, int limit) {
        return db.sql(SELECT + " WHERE status = 'pending' AND updated_at < :before ORDER BY updated_at LIMIT :limit")
                .bind("before", before.atOffset(ZoneOffset.UTC))
                .bind("limit", limit)
                .map(Refunds::toRefund)
                .all();
    }

    Mono<Void> touch(UUID id, Instant now) {
        return db.sql("UPDATE refunds SET updated_at = :now WHERE id = :id AND status = 'pending'")
                .bind("id", id)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .then();
    }

    private static Refund toRefund(io.r2dbc.spi.Readable row) {
        return new Refund(
                row.get("id", UUID.class),
                row.get("payment_id", UUID.class),
                row.get("amount_minor", Long.class),
                row.get("status", String.class),
                row.get("reason", String.class),
                row.get("idempotency_key", String.class),
                row.get("requested_by", String.class),
                row.get("provider_refund_id", String.class),
                row.get("failure_reason", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
