package com.sprocket.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Publishes outbox rows to Kafka, in commit order, and marks them published.
 *
 * <ul>
 *   <li>Woken by {@code NOTIFY sprocket_outbox} (an insert trigger), so commit to Kafka takes
 *       milliseconds; a timer sweep catches anything a lost notification left behind.
 *   <li>Several replicas may run it. A batch holds a transaction-scoped advisory lock, so one replica
 *       relays at a time and per-key order holds across replicas; {@code FOR UPDATE SKIP LOCKED} keeps
 *       a replica from waiting on rows another one holds.
 *   <li>At least once: a crash after the send and before the commit of {@code published_at} sends the
 *       rows again with the same event ids, which consumers drop through their inbox.
 * </ul>
 */
public final class OutboxRelay implements SmartLifecycle {

    static final String CHANNEL = "sprocket_outbox";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('sprocket.outbox.relay')) AS locked";
    private static final String CLAIM = """
            SELECT seq, id, topic, aggregate_id, envelope::text AS envelope, traceparent, created_at
            FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT :limit FOR UPDATE SKIP LOCKED
            """;
    private static final String MARK = "UPDATE outbox SET published_at = now() WHERE seq = ANY(:seqs)";
    private static final String BACKLOG =
            "SELECT count(*) AS backlog, min(created_at) AS oldest FROM outbox WHERE published_at IS NULL";
    private static final String PURGE = """
            DELETE FROM outbox WHERE seq IN (
              SELECT seq FROM outbox WHERE published_at < :before ORDER BY seq LIMIT 10000)
            """;

    private final DatabaseClient db;
    private final ConnectionFactory connectionFactory;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestEpochMillis = new AtomicLong();
    private final Counter published;
    private final Timer lag;
    private volatile Disposable running;

    public OutboxRelay(
            DatabaseClient db,
            ConnectionFactory connectionFactory,
            TransactionalOperator tx,
            KafkaTemplate<String, String> kafka,
            OutboxProperties properties,
            MeterRegistry meters) {
        this.db = db;
        this.connectionFactory = connectionFactory;
        this.tx = tx;
        this.kafka = kafka;
        this.properties = properties;
        this.published = Counter.builder("sprocket.outbox.published")
                .description("Outbox events published to Kafka")
                .register(meters);
        this.lag = Timer.builder("sprocket.outbox.lag")
                .description("Time from commit of an event to its acknowledgement by Kafka")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        Gauge.builder("sprocket.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet published (as of the last sweep)")
                .register(meters);
        Gauge.builder("sprocket.outbox.oldest.age", oldestEpochMillis, OutboxRelay::ageSeconds)
                .description("Age in seconds of the oldest unpublished outbox row (as of the last sweep)")
                .baseUnit("seconds")
                .register(meters);
    }

    @Override
    public void start() {
        Flux<String> wakeUps = Flux.merge(
                notifications(),
                Flux.interval(Duration.ZERO, properties.sweepInterval()).map(tick -> "sweep"));
        Flux<Long> purges = Flux.interval(properties.purgeInterval(), properties.purgeInterval());
        // Lifecycle-owned subscriptions: disposed in stop(); errors are handled inside each chain.
        Disposable relay = wakeUps.onBackpressureLatest()
                .concatMap(reason -> drain().then(refreshBacklog()), 1)
                .subscribe(ignored -> {}, error -> log.error("outbox relay stopped", error));
        Disposable purge = purges.onBackpressureDrop()
                .concatMap(tick -> purge(), 1)
                .subscribe(ignored -> {}, error -> log.error("outbox purge stopped", error));
        running = reactor.core.Disposables.composite(relay, purge);
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.relayEnabled();
    }

    /** Publishes until no unpublished row is left. */
    public Mono<Long> drain() {
        return relayBatch()
                .expand(count -> count >= properties.batchSize() ? relayBatch() : Mono.empty())
                .reduce(0L, Long::sum)
                .onErrorResume(error -> {
                    log.warn("outbox relay batch failed, will retry on the next wake-up: {}", error.toString());
                    return Mono.just(0L);
                });
    }

    private Mono<Long> relayBatch() {
        Mono<Long> batch = db.sql(LOCK)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? claimAndPublish() : Mono.just(0L));
        return batch.as(tx::transactional);
    }

    private Mono<Long> claimAndPublish() {
        return db.sql(CLAIM)
                .bind("limit", properties.batchSize())
                .map(row -> new PendingEvent(
                        row.get("seq", Long.class),
                        row.get("topic", String.class),
                        row.get("aggregate_id", String.class),
                        row.get("envelope", String.class),
                        row.get("traceparent", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .all()
                .collectList()
                .flatMap(events -> events.isEmpty() ? Mono.just(0L) : publish(events));
    }

    private Mono<Long> publish(List<PendingEvent> events) {
        return send(events)
                .then(db.sql(MARK)
                        .bind("seqs", events.stream().map(PendingEvent::seq).toArray(Long[]::new))
                        .fetch()
                        .rowsUpdated())
                .doOnNext(count -> recordPublished(events));
    }

    /**
     * Hands every record to the producer in order, then waits for all acknowledgements. The producer
     * is idempotent with {@code acks=all}, so order per partition holds even with several in flight.
     * {@code KafkaProducer.send} may block while it fetches metadata, so it runs on boundedElastic.
     */
    private Mono<Void> send(List<PendingEvent> events) {
        return Mono.fromCallable(() -> events.stream()
                        .map(event -> kafka.send(event.toRecord()))
                        .toArray(CompletableFuture[]::new))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(futures -> Mono.fromFuture(CompletableFuture.allOf(futures)));
    }

    private void recordPublished(List<PendingEvent> events) {
        Instant now = Instant.now();
        published.increment(events.size());
        events.forEach(event -> lag.record(Duration.between(event.createdAt(), now)));
    }

    private Mono<Void> refreshBacklog() {
        return db.sql(BACKLOG)
                .map(row -> {
                    backlog.set(row.get("backlog", Long.class));
                    OffsetDateTime oldest = row.get("oldest", OffsetDateTime.class);
                    oldestEpochMillis.set(
                            oldest == null ? 0 : oldest.toInstant().toEpochMilli());
                    return oldest == null;
                })
                .one()
                .then()
                .onErrorResume(error -> Mono.empty());
    }

    private Mono<Long> purge() {
        return db.sql(PURGE)
                .bind("before", OffsetDateTime.now().minus(properties.retention()))
                .fetch()
                .rowsUpdated()
                .doOnNext(count -> log.debug("purged {} published outbox rows", count))
                .onErrorResume(error -> {
                    log.warn("outbox purge failed: {}", error.toString());
                    return Mono.just(0L);
                });
    }

    /**
     * A dedicated connection (outside the pool where the pool can be unwrapped) that LISTENs for
     * inserts; it reconnects with backoff when the database goes away.
     */
    private Flux<String> notifications() {
        return Flux.usingWhen(
                        Mono.from(listenerConnectionFactory().create()),
                        connection -> listen(unwrap(connection)),
                        Connection::close)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                        .maxBackoff(Duration.ofSeconds(15))
                        .doBeforeRetry(signal -> log.warn(
                                "outbox LISTEN connection lost, reconnecting: {}",
                                signal.failure().toString())));
    }

    private Flux<String> listen(PostgresqlConnection connection) {
        return connection
                .createStatement("LISTEN " + CHANNEL)
                .execute()
                .flatMap(result -> result.getRowsUpdated())
                .thenMany(connection.getNotifications())
                .map(notification -> "notify");
    }

    @SuppressWarnings("unchecked")
    private ConnectionFactory listenerConnectionFactory() {
        return connectionFactory instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory target
                ? target
                : connectionFactory;
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Object candidate = connection;
        while (!(candidate instanceof PostgresqlConnection) && candidate instanceof Wrapped<?> wrapped) {
            candidate = wrapped.unwrap();
        }
        if (candidate instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("the outbox relay needs a PostgreSQL R2DBC connection");
    }

    private static double ageSeconds(AtomicLong oldestEpochMillis) {
        long oldest = oldestEpochMillis.get();
        return oldest == 0 ? 0 : (System.currentTimeMillis() - oldest) / 1000.0;
    }

    private record PendingEvent(
            long seq, String topic, String key, String envelope, String traceparent, Instant createdAt) {

        ProducerRecord<String, String> toRecord() {
            var record = new ProducerRecord<>(topic, key, envelope);
            record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            if (traceparent != null) {
                record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            }
            return record;
        }
    }
}
