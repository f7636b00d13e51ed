package com.sprocket.platform.outbox;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import io.r2dbc.postgresql.codec.Json;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes events into the service's {@code outbox} table. Call it inside the transaction that changes
 * the state the events describe: both commit together or neither does. The {@link OutboxRelay}
 * publishes them to Kafka afterwards; an insert trigger wakes it through LISTEN/NOTIFY.
 */
public final class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, envelope, traceparent)
            VALUES (:id, :topic, :aggregateType, :aggregateId, :type, :envelope, :traceparent)
            """;

    private final DatabaseClient db;
    private final EventCodec codec;
    private final String source;
    private final TraceContext traceContext;
    private final Clock clock;

    public Outbox(DatabaseClient db, EventCodec codec, String source, TraceContext traceContext, Clock clock) {
        this.db = db;
        this.codec = codec;
        this.source = source;
        this.traceContext = traceContext;
        this.clock = clock;
    }

    public Mono<Void> append(OutboxEvent event) {
        // `handle` restores the caller's observation (and so its span) from the Reactor context as
        // thread locals, on whatever thread this runs: the services run context propagation in its
        // "limited" mode, which does so only in handle/tap instead of around every operator
        return Mono.just(event)
                .<Optional<String>>handle(
                        (e, sink) -> sink.next(Optional.ofNullable(traceContext.currentTraceparent())))
                .flatMap(traceparent -> insert(event, envelopeOf(event), traceparent.orElse(null)));
    }

    /** Appends an event that names its own topic, type and aggregate. */
    public Mono<Void> append(DomainEvent event) {
        return append(new OutboxEvent(event.topic(), event.aggregateType(), event.aggregateId(), event.type(), event));
    }

    public Mono<Void> appendAll(Collection<OutboxEvent> events) {
        return Flux.fromIterable(events).concatMap(this::append).then();
    }

    private EventEnvelope envelopeOf(OutboxEvent event) {
        return new EventEnvelope(
                EventEnvelope.SPEC_VERSION,
                UUID.randomUUID().toString(),
                event.type(),
                source,
                event.aggregateId(),
                clock.instant(),
                "application/json",
                codec.toTree(event.data()));
    }

    private Mono<Void> insert(OutboxEvent event, EventEnvelope envelope, String traceparent) {
        var spec = db.sql(INSERT)
                .bind("id", UUID.fromString(envelope.id()))
                .bind("topic", event.topic())
                .bind("aggregateType", event.aggregateType())
                .bind("aggregateId", event.aggregateId())
                .bind("type", event.type())
                .bind("envelope", Json.of(codec.write(envelope)));
        spec = traceparent == null ? spec.bindNull("traceparent", String.class) : spec.bind("traceparent", traceparent);
        return spec.then();
    }
}
