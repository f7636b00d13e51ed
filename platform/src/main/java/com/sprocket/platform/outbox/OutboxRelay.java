package com.sprocket.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes outbox rows to Kafka and marks them published. One-way, one hop per step:
 *
 * <ol>
 *   <li><b>Who relays</b>: the replica holding the relay's session lock ({@link RelayLeadership}); it is
 *       woken by {@code NOTIFY sprocket_outbox} (an insert trigger) and by a timer sweep.
 *   <li><b>Claim</b>: one plain SELECT of the oldest sendable rows, in commit order. No transaction and
 *       no row lock is held while Kafka is waited for. A row is sendable unless it is parked, waiting
 *       for its next attempt, or behind an earlier row of its own key that is.
 *   <li><b>Send</b>: rows of different keys concurrently; rows of one key one after another, each after
 *       the previous one's acknowledgement, so per-key order holds even when one of them fails.
 *   <li><b>Settle</b>: acknowledged rows are marked published (whatever happened to the others). A
 *       failed row, while the broker answers, counts an attempt, waits with exponential backoff and
 *       after {@code parkAfterAttempts} is parked: it holds back only the later rows of its own key,
 *       every other aggregate's events keep flowing. When the broker itself is away nothing is
 *       counted: the relay backs off as a whole and resumes when the broker returns.
 * </ol>
 *
 * At least once: a crash after a send and before its mark sends the row again with the same event
 * id, which consumers drop through their inbox. Backlog, oldest age and parked rows are measured by
 * {@link OutboxMonitor}, independently of this loop.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final String CLAIM = """
            SELECT o.seq, o.topic, o.aggregate_id, o.envelope::text AS envelope, o.traceparent, o.created_at, o.attempts
            FROM outbox o
            WHERE o.published_at IS NULL AND o.parked_at IS NULL
              AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
              AND NOT EXISTS (
                SELECT 1 FROM outbox b
                WHERE b.published_at IS NULL AND b.topic = o.topic AND b.aggregate_id = o.aggregate_id
                  AND b.seq < o.seq AND (b.parked_at IS NOT NULL OR b.next_attempt_at > now()))
            ORDER BY o.seq LIMIT :limit
            """;
    private static final String MARK =
            "UPDATE outbox SET published_at = now(), last_error = NULL WHERE seq = ANY(:seqs)";
    private static final String FAIL = """
            UPDATE outbox SET attempts = attempts + 1, last_error = :error,
              next_attempt_at = now() + make_interval(secs => :delay),
              parked_at = CASE WHEN attempts + 1 >= :parkAfter THEN now() END
            WHERE seq = :seq
            RETURNING parked_at IS NOT NULL AS parked
            """;
    private static final int KEYS_IN_FLIGHT = 256;
    private static final Duration CYCLE_TIMEOUT = Duration.ofMinutes(2);

    private final DatabaseClient db;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final RelayLeadership leadership;
    private final Supplier<Mono<Boolean>> brokerReachable;
    private final Counter published;
    private final Counter failed;
    private final Counter parked;
    private final Timer lag;
    private volatile Disposable running;
    private volatile Instant lastCycle = Instant.now();
    private volatile Instant pausedUntil = Instant.EPOCH;
    private volatile int consecutiveOutages;

    public OutboxRelay(
            DatabaseClient db,
            ConnectionFactory connectionFactory,
            KafkaTemplate<String, String> kafka,
            OutboxProperties properties,
            Supplier<Mono<Boolean>> brokerReachable,
            MeterRegistry meters) {
        this.db = db;
        this.kafka = kafka;
        this.properties = properties;
        this.brokerReachable = brokerReachable;
        this.leadership = new RelayLeadership(connectionFactory, properties.sweepInterval());
        this.published = Counter.builder("sprocket.outbox.published")
                .description("Outbox events published to Kafka")
                .register(meters);
        this.failed = Counter.builder("sprocket.outbox.send.failures")
                .description("Outbox events Kafka did not acknowledge (each is retried or parked)")
                .register(meters);
        // not "sprocket.outbox.parked.total": Prometheus would name its family sprocket_outbox_parked,
        // which hid OutboxMonitor's gauge of that name (the SprocketOutboxParked alert reads the gauge)
        this.parked = Counter.builder("sprocket.outbox.parked.events")
                .description("Outbox events parked after too many failed attempts")
                .register(meters);
        this.lag = Timer.builder("sprocket.outbox.lag")
                .description("Time from commit of an event to its acknowledgement by Kafka")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    @Override
    public void start() {
        lastCycle = Instant.now();
        Flux<String> wakeUps = Flux.merge(
                leadership.wakeUps(),
                Flux.interval(properties.sweepInterval(), properties.sweepInterval())
                        .map(tick -> "sweep"));
        // Lifecycle-owned subscription, disposed in stop(); every cycle handles its own errors.
        running = wakeUps.onBackpressureLatest()
                .concatMap(reason -> cycle(), 1)
                .subscribe(ignored -> {}, error -> log.error("outbox relay stopped", error));
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

    boolean isLeader() {
        return leadership.isLeader();
    }

    /** When the loop last finished a cycle (relaying or standing by): the relay's liveness. */
    Instant lastCycle() {
        return lastCycle;
    }

    private Mono<Long> cycle() {
        Mono<Long> work = leadership.isLeader() && Instant.now().isAfter(pausedUntil) ? drain() : Mono.just(0L);
        return work.timeout(CYCLE_TIMEOUT)
                .onErrorResume(error -> backOff("the outbox relay cycle failed", error))
                .doFinally(signal -> lastCycle = Instant.now());
    }

    /** Publishes until nothing sendable is left or something failed. */
    private Mono<Long> drain() {
        return batch().expand(result -> result.full() && result.failures() == 0 ? batch() : Mono.empty())
                .doOnNext(result -> {
                    if (result.sent() > 0) {
                        consecutiveOutages = 0; // the broker answers again: the next outage starts short
                    }
                })
                .reduce(0L, (total, result) -> total + result.sent());
    }

    private Mono<Batch> batch() {
        return claim().flatMap(events -> events.isEmpty()
                ? Mono.just(new Batch(0, 0, 0, properties.batchSize()))
                : send(events).flatMap(outcomes -> settle(events.size(), outcomes)));
    }

    private Mono<List<PendingEvent>> claim() {
        return db.sql(CLAIM)
                .bind("limit", properties.batchSize())
                .map(row -> new PendingEvent(
                        row.get("seq", Long.class),
                        row.get("topic", String.class),
                        row.get("aggregate_id", String.class),
                        row.get("envelope", String.class),
                        row.get("traceparent", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant(),
                        row.get("attempts", Integer.class)))
                .all()
                .collectList();
    }

    /** Keys concurrently, each key's rows in order, stopping a key at its first failure. */
    private Mono<List<Outcome>> send(List<PendingEvent> events) {
        Map<String, List<PendingEvent>> byKey = events.stream()
                .collect(Collectors.groupingBy(
                        event -> event.topic() + '\u0000' + event.key(), LinkedHashMap::new, Collectors.toList()));
        return Flux.fromIterable(byKey.values())
                .flatMap(this::sendInOrder, KEYS_IN_FLIGHT)
                .collectList();
    }

    private Flux<Outcome> sendInOrder(List<PendingEvent> sameKey) {
        return Flux.fromIterable(sameKey)
                .concatMap(event -> sendOne(event)
                        .thenReturn(new Outcome(event, null))
                        .onErrorResume(error -> Mono.just(new Outcome(event, error))))
                .takeUntil(Outcome::failed);
    }

    /** {@code KafkaProducer.send} may block while it fetches metadata, so it runs on boundedElastic. */
    private Mono<Void> sendOne(PendingEvent event) {
        return Mono.fromCallable(() -> kafka.send(event.toRecord()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .then();
    }

    private Mono<Batch> settle(int claimed, List<Outcome> outcomes) {
        List<Outcome> sent =
                outcomes.stream().filter(outcome -> !outcome.failed()).toList();
        List<Outcome> failures = outcomes.stream().filter(Outcome::failed).toList();
        Batch result = new Batch(claimed, sent.size(), failures.size(), properties.batchSize());
        return mark(sent)
                .then(failures.isEmpty() ? Mono.empty() : fail(sent.isEmpty(), failures))
                .thenReturn(result);
    }

    private Mono<Void> mark(List<Outcome> sent) {
        if (sent.isEmpty()) {
            return Mono.empty();
        }
        return db.sql(MARK)
                .bind(
                        "seqs",
                        sent.stream().map(outcome -> outcome.event().seq()).toArray(Long[]::new))
                .then()
                .doOnSuccess(done -> recordPublished(sent));
    }

    /**
     * A failure is the record's own when the broker demonstrably answers (others were acknowledged,
     * the error is not a retriable one, or the broker replies to a probe); only then does it count
     * toward parking. Otherwise the broker is away: nothing is counted and the whole relay backs off.
     */
    private Mono<Void> fail(boolean nothingSent, List<Outcome> failures) {
        failed.increment(failures.size());
        boolean recordsFault = !nothingSent || failures.stream().anyMatch(outcome -> !retriable(outcome.error()));
        Mono<Boolean> counted = recordsFault ? Mono.just(true) : brokerReachable.get();
        return counted.flatMap(yes -> yes
                ? Flux.fromIterable(failures).concatMap(this::count).then()
                : backOff("Kafka is unreachable", failures.getFirst().error()).then());
    }

    private Mono<Void> count(Outcome outcome) {
        PendingEvent event = outcome.event();
        double delay = Math.min(
                properties.maxRetryBackoff().toMillis(),
                properties.retryBackoff().toMillis() * Math.pow(2, Math.min(event.attempts(), 20)));
        return db.sql(FAIL)
                .bind("seq", event.seq())
                .bind("error", reason(outcome.error()))
                .bind("delay", delay / 1000.0)
                .bind("parkAfter", properties.parkAfterAttempts())
                .map(row -> Boolean.TRUE.equals(row.get("parked", Boolean.class)))
                .one()
                .doOnNext(nowParked -> {
                    if (nowParked) {
                        parked.increment();
                        log.error(
                                "outbox event {} for {} key {} parked after {} attempts: {}",
                                event.seq(),
                                event.topic(),
                                event.key(),
                                event.attempts() + 1,
                                reason(outcome.error()));
                    } else {
                        log.warn(
                                "outbox event {} for {} not acknowledged (attempt {}): {}",
                                event.seq(),
                                event.topic(),
                                event.attempts() + 1,
                                reason(outcome.error()));
                    }
                })
                .then();
    }

    /** Waits before the next drain instead of retrying on every NOTIFY: 1 s, 2 s, 4 s ... up to the cap. */
    private Mono<Long> backOff(String what, Throwable error) {
        int outages = consecutiveOutages++;
        long delay = Math.min(
                properties.maxRetryBackoff().toMillis(),
                properties.retryBackoff().toMillis() * (1L << Math.min(outages, 20)));
        pausedUntil = Instant.now().plusMillis(delay);
        log.warn("{}; the relay pauses {} ms: {}", what, delay, reason(error));
        return Mono.just(0L);
    }

    private void recordPublished(List<Outcome> sent) {
        Instant now = Instant.now();
        published.increment(sent.size());
        sent.forEach(outcome -> lag.record(Duration.between(outcome.event().createdAt(), now)));
    }

    private static boolean retriable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private record Batch(int claimed, int sent, int failures, int batchSize) {
        boolean full() {
            return claimed >= batchSize;
        }
    }

    private record Outcome(PendingEvent event, Throwable error) {
        boolean failed() {
            return error != null;
        }
    }

    private record PendingEvent(
            long seq, String topic, String key, String envelope, String traceparent, Instant createdAt, int attempts) {

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
