package com.sprocket.payment.payment;

import com.sprocket.platform.sql.NewestFirst;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code payments}: one statement per read or write; a change is saved only over the version it was decided on. */
@Repository
public class Payments {

    static final String SELECT = """
            SELECT id, order_id, customer_id, order_token_hash, amount_minor, currency, status, refunded_minor,
                   provider_payment_id, client_secret, payment_method_id, save_method, failure_reason, buyer_key,
                   idempotency_key, request_hash, version, created_at, updated_at
            FROM payments""";

    private final DatabaseClient db;

    Payments(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Payment payment) {
        var spec = db.sql("""
                        INSERT INTO payments (id, order_id, customer_id, order_token_hash, amount_minor, currency, status,
                          refunded_minor, provider_payment_id, client_secret, payment_method_id, save_method,
                          failure_reason, buyer_key, idempotency_key, request_hash, version, created_at, updated_at)
                        VALUES (:id, :order, :customer, :tokenHash, :amount, :currency, :status, 0, :pid, :secret,
                          :method, :save, NULL, :buyer, :key, :hash, :version, :created, :created)
                        """)
                .bind("id", payment.id())
                .bind("order", payment.orderId())
                .bind("amount", payment.amountMinor())
                .bind("currency", payment.currency())
                .bind("status", payment.status().code())
                .bind("pid", payment.providerPaymentId())
                .bind("secret", payment.clientSecret())
                .bind("save", payment.saveMethod())
                .bind("buyer", payment.requested().buyerKey())
                .bind("key", payment.requested().idempotencyKey())
                .bind("hash", payment.requested().requestHash())
                .bind("version", payment.version())
                .bind("created", payment.createdAt().atOffset(ZoneOffset.UTC));
        spec = payment.customerId() == null
                ? spec.bindNull("customer", UUID.class)
                : spec.bind("customer", payment.customerId());
        spec = payment.orderTokenHash() == null
                ? spec.bindNull("tokenHash", String.class)
                : spec.bind("tokenHash", payment.orderTokenHash());
        spec = payment.paymentMethodId() == null
                ? spec.bindNull("method", UUID.class)
                : spec.bind("method", payment.paymentMethodId());
        return spec.then()
                .then(db.sql("""
                                UPDATE tj_transaction_logs SET payment_id = :id
                                WHERE provider_payment_id = :pid AND payment_id IS NULL
                                """)
                        .bind("id", payment.id())
                        .bind("pid", payment.providerPaymentId())
                        .then());
    }

    /** Saves a decided change over the version it was decided on (the caller holds the row's lock). */
    Mono<Void> save(Payment payment) {
        var spec = db.sql("""
                        UPDATE payments SET status = :status, refunded_minor = :refunded, failure_reason = :failure,
                          payment_method_id = :method, version = :version, updated_at = :updated, checked_at = NULL
                        WHERE id = :id AND version = :previous
                        """)
                .bind("id", payment.id())
                .bind("status", payment.status().code())
                .bind("refunded", payment.refundedMinor())
                .bind("version", payment.version())
                .bind("previous", payment.version() - 1)
                .bind("updated", payment.updatedAt().atOffset(ZoneOffset.UTC));
        spec = payment.failureReason() == null
                ? spec.bindNull("failure", String.class)
                : spec.bind("failure", payment.failureReason());
        spec = payment.paymentMethodId() == null
                ? spec.bindNull("method", UUID.class)
                : spec.bind("method", payment.paymentMethodId());
        return spec.fetch()
                .rowsUpdated()
                .flatMap(updated -> updated == 1
                        ? Mono.<Void>empty()
                        : Mono.error(new org.springframework.dao.OptimisticLockingFailureException(
                                "payment " + payment.id() + " changed meanwhile")));
    }

    /** Links the saved card to the payment (no status change, no event). */
    Mono<Void> linkMethod(UUID paymentId, UUID methodId) {
        return db.sql("UPDATE payments SET payment_method_id = :method WHERE id = :id")
                .bind("id", paymentId)
                .bind("method", methodId)
                .then();
    }

    public Mono<Payment> find(UUID id) {
        return db.sql(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map(Payments::toPayment)
                .one();
    }

    Mono<Payment> lock(UUID id) {
        return db.sql(SELECT + " WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(Payments::toPayment)
                .one();
    }

    Mono<Payment> lockByProviderId(String providerPaymentId) {
        return db.sql(SELECT + " WHERE provider_payment_id = :pid FOR UPDATE")
                .bind("pid", providerPaymentId)
                .map(Payments::toPayment)
                .one();
    }

    Mono<Payment> findByIdempotencyKey(String buyerKey, String idempotencyKey) {
        return db.sql(SELECT + " WHERE buyer_key = :buyer AND idempotency_key = :key")
                .bind("buyer", buyerKey)
                .bind("key", idempotencyKey)
                .map(Payments::toPayment)
                .one();
    }

    /** The order's payment that is not failed (at most one, by a unique index). */
    Mono<Payment> liveForOrder(UUID orderId) {
        return db.sql(SELECT + " WHERE order_id = :order AND status <> 'failed'")
                .bind("order", orderId)
                .map(Payments::toPayment)
                .one();
    }

    /**
     * Payments TJ has more to say about (not failed, settled or refunded), unchanged since
     * {@code olderThan} and not checked since then, least recently checked first.
     */
    Flux<Payment> unsettled(Instant olderThan, int limit) {
        return db.sql(SELECT
                        + " WHERE status IN ('pending', 'processing', 'authorised', 'paid') AND updated_at < :before"
                        + " AND (checked_at IS NULL OR checked_at < :before)"
                        + " ORDER BY checked_at NULLS FIRST, updated_at LIMIT :limit")
                .bind("before", olderThan.atOffset(ZoneOffset.UTC))
                .bind("limit", limit)
                .map(Payments::toPayment)
                .all();
    }

    Mono<Void> checked(UUID id, Instant at) {
        return db.sql("UPDATE payments SET checked_at = :at WHERE id = :id")
                .bind("id", id)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .then();
    }

    /** A page of payments newest first, filtered as the caller may see them. */
    Mono<List<Payment>> page(NewestFirst query, int limit) {
        return query.page(db, limit).map(Payments::toPayment).all().collectList();
    }

    static Payment toPayment(io.r2dbc.spi.Readable row) {
        return new Payment(
                row.get("id", UUID.class),
                row.get("order_id", UUID.class),
                row.get("customer_id", UUID.class),
                row.get("order_token_hash", String.class),
                row.get("amount_minor", Long.class),
                row.get("currency", String.class),
                PaymentStatus.of(row.get("status", String.class)),
                row.get("refunded_minor", Long.class),
                row.get("provider_payment_id", String.class),
                row.get("client_secret", String.class),
                row.get("payment_method_id", UUID.class),
                Boolean.TRUE.equals(row.get("save_method", Boolean.class)),
                row.get("failure_reason", String.class),
                new Payment.Requested(
                        row.get("buyer_key", String.class),
                        row.get("idempotency_key", String.class),
                        row.get("request_hash", String.class)),
                row.get("version", Integer.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
