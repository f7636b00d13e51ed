package com.sprocket.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Makes a consumer idempotent: the id of each processed event is recorded in the {@code inbox}
 * table in the same transaction as the effect, so a redelivered event is a no-op and a failed effect
 * leaves no record behind (the event is retried).
 */
public final class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final String RECORD =
            "INSERT INTO inbox (consumer, event_id) VALUES (:consumer, :eventId) ON CONFLICT DO NOTHING";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final MeterRegistry meters;

    public Inbox(DatabaseClient db, TransactionalOperator tx, MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.meters = meters;
    }

    /** Runs {@code effect} unless {@code consumer} already processed {@code eventId}; both commit together. */
    public Mono<Boolean> once(String consumer, String eventId, Supplier<Mono<Void>> effect) {
        Mono<Boolean> work = db.sql(RECORD)
                .bind("consumer", consumer)
                .bind("eventId", eventId)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 0
                        ? duplicate(consumer, eventId)
                        : effect.get().thenReturn(true));
        return work.as(tx::transactional);
    }

    private Mono<Boolean> duplicate(String consumer, String eventId) {
        log.debug("{} already processed event {}; skipping the redelivery", consumer, eventId);
        Counter.builder("sprocket.inbox.duplicates")
                .tag("consumer", consumer)
                .register(meters)
                .increment();
        return Mono.just(false);
    }
}
