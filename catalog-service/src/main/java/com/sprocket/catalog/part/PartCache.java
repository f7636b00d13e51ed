package com.sprocket.catalog.part;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.sprocket.catalog.config.CatalogProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * This replica's copy of the parts it read lately, for the hottest read there is: guests' and
 * customers' part pages. PostgreSQL stays the source of truth, and the copy follows it through
 * {@code catalog.parts} (every change to a part publishes there, in the change's transaction): each
 * event, and each change made on this replica, drops the part's entry, so the next read loads it again.
 *
 * <p>What a reader may see: a change made on another replica shows once its event arrives here
 * (milliseconds; the search index waits for the same event), and an entry never outlives {@code ttl}
 * even if events stop coming (Kafka down). Vendors and admins, who change parts, always read from
 * PostgreSQL, so they read their own writes on every replica. A read that started before a drop never
 * puts its (possibly older) row back: each entry remembers when it was loaded or dropped.
 *
 * <p>The copy serves nothing until {@link #following()} says the change feed is assigned and reads
 * from before this replica's first load, so no change can slip between a load and its event.
 */
@Component
public class PartCache {

    /** A part as loaded at {@code stamp} (nanoTime), or, with no part, dropped at {@code stamp}. */
    private record Entry(SparePart part, long stamp) {

        /** Roughly what the entry holds on the heap: its text (two bytes a character at most) and a bit per field. */
        int bytes() {
            if (part == null) {
                return 64;
            }
            long text = part.title().length()
                    + part.description().length()
                    + part.brand().length()
                    + part.partNumbers().stream().mapToInt(String::length).sum()
                    + part.images().stream().mapToInt(String::length).sum()
                    + part.attributes().toString().length();
            return (int) Math.min(Integer.MAX_VALUE, 512 + 2 * text);
        }
    }

    private final Cache<UUID, Entry> entries;
    private final Ticker ticker;
    private volatile boolean following;

    @Autowired
    PartCache(CatalogProperties properties, MeterRegistry meters) {
        this(properties.partCache(), meters, Ticker.systemTicker());
    }

    PartCache(CatalogProperties.PartCache settings, MeterRegistry meters, Ticker ticker) {
        this.ticker = ticker;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(settings.maxSize().toBytes())
                .weigher((UUID id, Entry entry) -> entry.bytes())
                .expireAfterWrite(settings.ttl())
                .ticker(ticker)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(meters, entries, "catalog.parts");
    }

    /** The part from this copy, or from {@code load} (kept for the next reader unless dropped meanwhile). */
    public Mono<SparePart> find(UUID id, Supplier<Mono<SparePart>> load) {
        if (!following) {
            return load.get();
        }
        Entry entry = entries.getIfPresent(id);
        if (entry != null && entry.part() != null) {
            return Mono.just(entry.part());
        }
        return Mono.defer(() -> {
            long started = ticker.read();
            return load.get().doOnNext(part -> keep(id, part, started));
        });
    }

    private void keep(UUID id, SparePart part, long loadedAt) {
        entries.asMap()
                .compute(
                        id,
                        (key, current) -> current == null || current.stamp() - loadedAt < 0
                                ? new Entry(part, loadedAt)
                                : current);
    }

    /** The part changed (its event arrived, or this replica changed it): the next read loads it again. */
    public void changed(UUID id) {
        entries.put(id, new Entry(null, ticker.read()));
    }

    /** The change feed is assigned and replays from before any load: the copy may serve from now on. */
    public void following() {
        following = true;
    }

    /** How many entries the copy holds now (after pending evictions). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    public boolean isFollowing() {
        return following;
    }
}
