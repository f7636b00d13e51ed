package com.sprocket.payment.webhook;

import java.time.Duration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * {@code webhook_events}: every verified webhook, raw body and headers, stored before it is acknowledged;
 * the provider's event id is unique, so a redelivery is recognised. Processing claims the oldest
 * unprocessed event for a while (SKIP LOCKED: replicas share the work; a crashed claim expires).
 */
@Repository
class WebhookEvents {

    /** A stored event to process. */
    record Stored(long seq, String eventId, String type, String body, int attempts) {}

    private final DatabaseClient db;

    WebhookEvents(DatabaseClient db) {
        this.db = db;
    }

    /** Stores the event once; true if it is new. */
    Mono<Boolean> store(String eventId, String type, String providerPaymentId, String body, String headers) {
        var spec = db.sql("""
                        INSERT INTO webhook_events (provider_event_id, event_type, provider_payment_id, body, headers)
                        VALUES (:id, :type, :pid, :body, CAST(:headers AS jsonb))
                        ON CONFLICT (provider_event_id) DO NOTHING
                        """)
                .bind("id", eventId)
                .bind("type", type)
                .bind("body", body)
                .bind("headers", headers);
        spec = providerPaymentId == null ? spec.bindNull("pid", String.class) : spec.bind("pid", providerPaymentId);
        return spec.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** Claims the oldest unprocessed event for {@code lease} (an attempt is counted). */
    Mono<Stored> claimNext(Duration lease) {
        return db.sql("""
                        UPDATE webhook_events SET attempts = attempts + 1,
                          claimed_until = now() + make_interval(secs => :lease)
                        WHERE seq = (SELECT seq FROM webhook_events
                                     WHERE processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                                     ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING seq, provider_event_id, event_type, body, attempts
                        """)
                .bind("lease", (double) lease.toSeconds())
                .map(row -> new Stored(
                        row.get("seq", Long.class),
                        row.get("provider_event_id", String.class),
                        row.get("event_type", String.class),
                        row.get("body", String.class),
                        row.get("attempts", Integer.class)))
                .one();
    }

    Mono<Void> processed(long seq, String outcome) {
        return db.sql(
                        "UPDATE webhook_events SET processed_at = now(), outcome = :outcome, claimed_until = NULL WHERE seq = :seq")
                .bind("seq", seq)
                .bind("outcome", outcome)
                .then();
    }

    /** Releases a claim after a failed attempt, so the event is tried again after {@code retryIn}. */
    Mono<Void> retryLater(long seq, Duration retryIn, String error) {
        return db.sql("""
                        UPDATE webhook_events SET claimed_until = now() + make_interval(secs => :retry), outcome = :error
                        WHERE seq = :seq AND processed_at IS NULL
                        """)
                .bind("seq", seq)
                .bind("retry", (double) retryIn.toSeconds())
                .bind("error", error.length() > 500 ? error.substring(0, 500) : error)
                .then();
    }

    /** Unprocessed events (for health and the runbook). */
    Mono<Long> backlog() {
        return db.sql("SELECT count(*) AS n FROM webhook_events WHERE processed_at IS NULL")
                .map(row -> row.get("n", Long.class))
                .one();
    }
}
