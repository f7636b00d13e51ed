package com.sprocket.platform.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes what is past its retention, rule by rule ({@link PurgeRule} beans), in batches until none is
 * left, on a timer (first run after a random part of the interval, so replicas spread out). Each rule
 * counts what it deleted in {@code sprocket.retention.purged{rule}}.
 */
public final class Retention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final DatabaseClient db;
    private final List<PurgeRule> rules;
    private final RetentionProperties properties;
    private final Map<String, Counter> purged;
    private volatile Disposable running;

    public Retention(DatabaseClient db, List<PurgeRule> rules, RetentionProperties properties, MeterRegistry meters) {
        this.db = db;
        this.rules = List.copyOf(rules);
        this.properties = properties;
        this.purged = rules.stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(
                        PurgeRule::name,
                        rule -> Counter.builder("sprocket.retention.purged")
                                .description("Rows deleted because they were past their retention")
                                .tag("rule", rule.name())
                                .register(meters)));
    }

    public List<PurgeRule> rules() {
        return rules;
    }

    /** Runs every rule once; returns rows deleted per rule. */
    public Mono<Map<String, Long>> purgeAll() {
        return Flux.fromIterable(rules)
                .concatMap(rule -> purge(rule).map(count -> Map.entry(rule.name(), count)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Deletes one rule's expired rows, a batch at a time, until a batch comes back short. */
    public Mono<Long> purge(PurgeRule rule) {
        return batch(rule)
                .expand(deleted -> deleted >= properties.batchSize() ? batch(rule) : Mono.empty())
                .reduce(0L, Long::sum)
                .doOnNext(total -> {
                    purged.get(rule.name()).increment(total);
                    if (total > 0) {
                        log.info(
                                "retention: deleted {} rows of {} ({} past {})",
                                total,
                                rule.table(),
                                rule.column(),
                                rule.retention());
                    }
                });
    }

    private Mono<Long> batch(PurgeRule rule) {
        return db.sql(rule.deleteBatch())
                .bind("seconds", (double) rule.retention().toSeconds())
                .bind("batch", properties.batchSize())
                .fetch()
                .rowsUpdated();
    }

    @Override
    public void start() {
        Duration interval = properties.interval();
        Duration first = Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis())));
        // Lifecycle-owned subscription, disposed in stop(); a failed run is logged and the next one tries again.
        running = Flux.interval(first, interval)
                .onBackpressureDrop()
                .concatMap(
                        tick -> purgeAll().onErrorResume(error -> {
                            log.warn("retention run failed, next one in {}: {}", interval, error.toString());
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

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }
}
