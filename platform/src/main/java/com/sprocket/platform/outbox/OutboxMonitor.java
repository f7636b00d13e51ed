package com.sprocket.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches the outbox from the outside, on every replica and independently of the relay loop, so its
 * gauges rise when the relay is dead: {@code sprocket.outbox.backlog} (rows waiting),
 * {@code sprocket.outbox.oldest.age} (seconds the oldest waiting row has waited, growing between
 * reads) and {@code sprocket.outbox.parked} (rows that stopped being retried).
 *
 * <p>Its health ({@code outbox}) is DOWN when the relay loop has not finished a cycle within
 * {@code stallAfter} (a restart helps), DEGRADED when rows are parked (an operator must look; other
 * events keep flowing), UP otherwise.
 */
public final class OutboxMonitor extends AbstractReactiveHealthIndicator implements SmartLifecycle {

    public static final Status DEGRADED = new Status("DEGRADED", "Outbox rows are parked");

    private static final Logger log = LoggerFactory.getLogger(OutboxMonitor.class);
    private static final String READ = """
            SELECT count(*) FILTER (WHERE parked_at IS NULL) AS backlog,
                   count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,
                   min(created_at) FILTER (WHERE parked_at IS NULL) AS oldest
            FROM outbox WHERE published_at IS NULL
            """;

    private final DatabaseClient db;
    private final OutboxRelay relay;
    private final OutboxProperties properties;
    private volatile Reading reading = new Reading(0, 0, null);
    private volatile Disposable running;

    public OutboxMonitor(DatabaseClient db, OutboxRelay relay, OutboxProperties properties, MeterRegistry meters) {
        super("Outbox check failed");
        this.db = db;
        this.relay = relay;
        this.properties = properties;
        Gauge.builder("sprocket.outbox.backlog", this, monitor -> monitor.reading.backlog())
                .description("Outbox rows waiting to be published (parked rows not included)")
                .register(meters);
        Gauge.builder("sprocket.outbox.parked", this, monitor -> monitor.reading.parked())
                .description("Outbox rows parked after too many failed attempts")
                .register(meters);
        Gauge.builder("sprocket.outbox.oldest.age", this, OutboxMonitor::oldestAgeSeconds)
                .description("Seconds the oldest waiting outbox row has waited")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Reads the outbox now (also what the timer does). */
    public Mono<Reading> refresh() {
        return db.sql(READ)
                .map(row -> {
                    OffsetDateTime oldest = row.get("oldest", OffsetDateTime.class);
                    return new Reading(
                            row.get("backlog", Long.class),
                            row.get("parked", Long.class),
                            oldest == null ? null : oldest.toInstant());
                })
                .one()
                .doOnNext(read -> reading = read);
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        Reading current = reading;
        Instant lastCycle = relay.lastCycle();
        boolean stalled =
                relay.isRunning() && Duration.between(lastCycle, Instant.now()).compareTo(properties.stallAfter()) > 0;
        builder.withDetail("relaying", relay.isLeader())
                .withDetail("lastCycle", lastCycle.toString())
                .withDetail("backlog", current.backlog())
                .withDetail("parked", current.parked())
                .withDetail("oldestAgeSeconds", oldestAgeSeconds());
        if (stalled) {
            return Mono.just(builder.down()
                    .withDetail("reason", "the relay loop is stuck")
                    .build());
        }
        return Mono.just(
                current.parked() > 0
                        ? builder.status(DEGRADED).build()
                        : builder.up().build());
    }

    @Override
    public void start() {
        // Lifecycle-owned subscription, disposed in stop(); a failed read keeps the last values.
        running = Flux.interval(Duration.ZERO, properties.monitorInterval())
                .onBackpressureDrop()
                .concatMap(
                        tick -> refresh().onErrorResume(error -> {
                            log.debug("outbox monitor read failed: {}", error.toString());
                            return Mono.empty();
                        }),
                        1)
                .subscribe();
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

    private double oldestAgeSeconds() {
        Instant oldest = reading.oldest();
        return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
    }

    /** What the last read saw. */
    public record Reading(long backlog, long parked, Instant oldest) {}
}
