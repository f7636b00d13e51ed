package com.sprocket.catalog.part;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.catalog.config.CatalogProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The replica's copy of parts: what it serves, what drops an entry, and the race it must not lose. */
class PartCacheTests {

    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PartCache cache = new PartCache(
            new CatalogProperties.PartCache(DataSize.ofKilobytes(8), Duration.ofSeconds(30)), meters, now::get);
    private final UUID id = UUID.randomUUID();
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void a_part_is_loaded_once_and_then_served_from_the_copy() {
        cache.following();

        assertThat(read("Brake pad").title()).isEqualTo("Brake pad");
        assertThat(read("Brake pad, newer").title()).isEqualTo("Brake pad");

        assertThat(loads).hasValue(1);
        assertThat(meters.get("cache.gets")
                        .tag("result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void a_change_drops_the_part_and_the_next_read_loads_it_again() {
        cache.following();
        read("Brake pad");
        tick();

        cache.changed(id);
        tick();

        assertThat(read("Brake pad, rear").title()).isEqualTo("Brake pad, rear");
        assertThat(read("Brake pad, front").title()).isEqualTo("Brake pad, rear");
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_read_that_started_before_a_change_does_not_keep_its_older_row() {
        cache.following();
        Sinks.One<SparePart> slowRead = Sinks.one();
        Mono<SparePart> first = cache.find(id, slowRead::asMono);
        first.subscribe();
        tick();

        cache.changed(id); // the change commits (and its event arrives) while the first read is in flight
        tick();
        slowRead.tryEmitValue(part("Brake pad, before the change"));

        assertThat(read("Brake pad, after the change").title()).isEqualTo("Brake pad, after the change");
        assertThat(loads).hasValue(1);
    }

    @Test
    void nothing_is_kept_until_the_change_feed_follows() {
        read("Brake pad");
        read("Brake pad");
        assertThat(loads).hasValue(2);

        cache.following();
        read("Brake pad");
        read("Brake pad");
        assertThat(loads).hasValue(3);
    }

    @Test
    void an_entry_is_served_no_longer_than_its_ttl_even_when_no_event_comes() {
        cache.following();
        read("Brake pad");

        now.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(read("Brake pad, changed while Kafka was down").title())
                .isEqualTo("Brake pad, changed while Kafka was down");
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_part_that_does_not_exist_is_not_kept() {
        cache.following();
        assertThat(cache.find(id, () -> {
                            loads.incrementAndGet();
                            return Mono.empty();
                        })
                        .blockOptional())
                .isEmpty();

        assertThat(read("Brake pad").title()).isEqualTo("Brake pad");
        assertThat(loads).hasValue(2);
    }

    @Test
    void the_copy_holds_no_more_than_its_size_and_a_part_read_all_along_mostly_stays() {
        cache.following();
        read("Brake pad"); // ~600 bytes by the estimate: 8 KB hold about a dozen
        for (int i = 0; i < 100; i++) {
            UUID other = UUID.randomUUID();
            cache.find(other, () -> Mono.just(part(other, "Part " + other))).block();
            read("Brake pad");
        }

        assertThat(cache.size()).isBetween(1L, 14L);
        // Caffeine evicts by frequency and recency (W-TinyLFU), not strictly least recently used: it
        // records reads in lossy buffers and admits a newcomer over a warm entry at random now and
        // then (hash-flooding protection), so the hot part may be reloaded once in a while (this
        // asserted exactly one load and failed once in CI with two)
        assertThat(loads.get()).as("loads of the part read 101 times").isBetween(1, 5);
    }

    private void tick() {
        now.incrementAndGet();
    }

    private SparePart read(String titleInDatabase) {
        return cache.find(id, () -> {
                    loads.incrementAndGet();
                    return Mono.just(part(titleInDatabase));
                })
                .block();
    }

    private SparePart part(String title) {
        return part(id, title);
    }

    private static SparePart part(UUID id, String title) {
        return new SparePart(
                id,
                UUID.randomUUID(),
                null,
                title,
                "",
                "Bosch",
                List.of("0 986 494 123"),
                Condition.NEW,
                new Money(4999, "EUR"),
                5,
                0,
                1,
                List.of(),
                Map.of(),
                BigDecimal.ZERO,
                0,
                0,
                Instant.EPOCH,
                Instant.EPOCH,
                false);
    }
}
