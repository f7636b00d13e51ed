package com.sprocket.catalog.search;

import com.sprocket.catalog.category.Categories;
import com.sprocket.catalog.part.Parts;
import com.sprocket.catalog.part.SearchEngine;
import com.sprocket.catalog.part.SearchPage;
import com.sprocket.catalog.part.SearchQuery;
import com.sprocket.catalog.part.SparePart;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;

/**
 * The search read model on Apache Lucene: one index per replica, rebuilt from PostgreSQL (the source of
 * truth) at start, kept current from this service's own {@code catalog.parts} events (every replica
 * reads them all: {@link PartEventsListener}) and, for a replica's own writes, at once. An event is a
 * trigger: the part is read from PostgreSQL again, so the index always converges on the latest row.
 * Until the first build is done PostgreSQL answers searches. {@code sprocket.catalog.search.engine=postgres}
 * switches the index off.
 *
 * <p>Lucene blocks (file I/O, locks): its work runs on {@code boundedElastic}, never on an event loop.
 */
@Component
@ConditionalOnProperty(name = "sprocket.catalog.search.engine", havingValue = "lucene", matchIfMissing = true)
public class LuceneSearch implements SearchEngine, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LuceneSearch.class);
    private static final int BATCH = 1000;

    private final PartIndex index;
    private final Parts parts;
    private final Categories categories;
    /**
     * Searches and index writes run here, off the event loops (Lucene blocks on locks and file I/O):
     * a few threads per core, so a burst of searches queues instead of dozens of threads contending
     * for two cores.
     */
    private final Scheduler lucene = Schedulers.newBoundedElastic(
            2 * Runtime.getRuntime().availableProcessors(), 10_000, "search-index", 60, true);

    private final Sinks.Many<Change> changed = Sinks.many().unicast().onBackpressureBuffer();
    /** From a part change's commit (its event's time) until this replica's index shows it. */
    private final Timer searchable;
    /** One re-index of a batch of changed parts: read from PostgreSQL, indexed, visible to searches. */
    private final Timer refreshes;

    /** A part changed at {@code time} (its event's). */
    private record Change(UUID part, java.time.Instant time) {}

    private final Set<UUID> touchedDuringBuild = ConcurrentHashMap.newKeySet();
    private volatile Map<UUID, UUID> parents = Map.of();
    private volatile boolean ready;
    private volatile boolean building;
    private volatile Disposable running;
    private final java.time.Instant since = java.time.Instant.now().minusSeconds(5);
    /** A directory of our own (none configured): removed when the service stops. */
    private final boolean temporary;

    LuceneSearch(
            Parts parts,
            Categories categories,
            ObjectMapper json,
            MeterRegistry meters,
            @Value("${sprocket.catalog.search.directory:}") String directory)
            throws IOException {
        this.parts = parts;
        this.categories = categories;
        this.temporary = directory.isBlank();
        Path path = temporary ? Files.createTempDirectory("sprocket-search-") : Path.of(directory);
        this.index = new PartIndex(path, json);
        Gauge.builder("sprocket.catalog.search.documents", this, search -> search.ready ? search.index.size() : 0)
                .description("Parts in this replica's search index")
                .register(meters);
        Gauge.builder("sprocket.catalog.search.ready", this, search -> search.ready ? 1 : 0)
                .description("1 once the search index is built and answers searches")
                .register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "sprocket.catalog.search.pages", index, PartIndex::pageHits)
                .description("Searches answered from the page cache (the same query on an unchanged index)")
                .tag("cache", "hit")
                .register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "sprocket.catalog.search.pages", index, PartIndex::pageMisses)
                .description("Searches answered from the page cache (the same query on an unchanged index)")
                .tag("cache", "miss")
                .register(meters);
        this.searchable = Timer.builder("sprocket.catalog.search.lag")
                .description("Time from a part change's commit to this replica's index showing it (from its event)")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.refreshes = Timer.builder("sprocket.catalog.search.refresh")
                .description("Re-indexing a batch of changed parts: read again, indexed, visible to searches")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    @Override
    public Mono<SearchPage> search(SearchQuery query) {
        if (!ready) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> index.search(query)).subscribeOn(lucene);
    }

    @Override
    public Mono<Void> reindex(UUID partId) {
        return refresh(List.of(partId));
    }

    @Override
    public Mono<Void> reindex(Collection<UUID> partIds) {
        return refresh(partIds);
    }

    /**
     * A part changed at {@code time} (its event arrived): it is re-read and re-indexed shortly, in a
     * batch with others, and the time until then recorded ({@code sprocket.catalog.search.lag}).
     */
    void changed(UUID partId, java.time.Instant time) {
        changed.emitNext(new Change(partId, time), Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
    }

    /** Changes since this moment are (re)applied from {@code catalog.parts}: before the index's first build. */
    java.time.Instant since() {
        return since;
    }

    public boolean ready() {
        return ready;
    }

    /** Re-reads {@code ids} from PostgreSQL and brings the index in line: indexed, or removed. */
    Mono<Void> refresh(Collection<UUID> ids) {
        if (building) {
            touchedDuringBuild.addAll(ids);
        }
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return reindexNow(ids)
                    .doOnSuccess(done -> refreshes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        });
    }

    private Mono<Void> reindexNow(Collection<UUID> ids) {
        return parts.findAll(ids)
                .collectMap(SparePart::id, Function.identity())
                .flatMap(found -> knowCategories(found.values()).thenReturn(found))
                .publishOn(lucene)
                .doOnNext(found -> {
                    for (UUID id : ids) {
                        SparePart part = found.get(id);
                        if (part == null) {
                            index.delete(id);
                        } else {
                            index.upsert(part, path(part.categoryId()));
                        }
                    }
                    index.refresh();
                })
                .then();
    }

    /** Rebuilds the index from every searchable part, a batch at a time; then searches use it. */
    Mono<Integer> rebuild() {
        long started = System.nanoTime();
        building = true;
        return categories
                .parents()
                .doOnNext(known -> parents = known)
                .thenMany(batches())
                .publishOn(lucene)
                .map(batch -> {
                    for (SparePart part : batch) {
                        if (!touchedDuringBuild.contains(part.id())) {
                            index.upsert(part, path(part.categoryId()));
                        }
                    }
                    return batch.size();
                })
                .reduce(0, Integer::sum)
                .doOnNext(total -> {
                    index.compact();
                    index.refresh();
                    ready = true;
                    building = false;
                    touchedDuringBuild.clear();
                    log.info(
                            "search index built: {} parts in {} ms at {}",
                            total,
                            (System.nanoTime() - started) / 1_000_000,
                            index.path());
                });
    }

    private Flux<List<SparePart>> batches() {
        return parts.searchable(new UUID(0, 0), BATCH)
                .collectList()
                .expand(batch -> batch.size() < BATCH
                        ? Mono.empty()
                        : parts.searchable(batch.getLast().id(), BATCH).collectList())
                .filter(batch -> !batch.isEmpty());
    }

    /** A category this replica has not seen yet (created since): the tree is read again first. */
    private Mono<Void> knowCategories(Collection<SparePart> found) {
        boolean unknown = found.stream()
                .map(SparePart::categoryId)
                .anyMatch(category -> category != null && !parents.containsKey(category));
        return unknown ? categories.parents().doOnNext(known -> parents = known).then() : Mono.empty();
    }

    /** The category and all its ancestors (a search in a parent finds its subcategories' parts). */
    private List<UUID> path(UUID category) {
        List<UUID> path = new ArrayList<>(4);
        Set<UUID> seen = new HashSet<>();
        UUID current = category;
        while (current != null && seen.add(current)) {
            path.add(current);
            UUID parent = parents.get(current);
            current = parent == null || parent.equals(current) ? null : parent;
        }
        return path;
    }

    @Override
    public void start() {
        Disposable build = rebuild()
                .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(failure -> log.warn(
                                "building the search index failed, retrying: {}",
                                failure.failure().toString())))
                // a background job owned by this lifecycle bean: disposed in stop(); failures retried above
                .subscribe();
        Disposable feed = changed.asFlux()
                .bufferTimeout(500, Duration.ofMillis(20), true) // fair: never more buffers than requested
                .concatMap(batch -> refresh(
                                batch.stream().map(Change::part).distinct().collect(Collectors.toList()))
                        .doOnSuccess(done -> {
                            java.time.Instant now = java.time.Instant.now();
                            batch.forEach(change -> searchable.record(Duration.between(change.time(), now)));
                        })
                        .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                                .maxBackoff(Duration.ofSeconds(10)))
                        .onErrorResume(error -> {
                            log.warn("re-indexing {} parts failed: {}", batch.size(), error.toString());
                            return Mono.empty();
                        }))
                .subscribe(null, error -> log.error("the search index stopped following part changes", error));
        running = () -> {
            build.dispose();
            feed.dispose();
        };
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
        lucene.dispose();
        try {
            index.close();
            if (temporary) {
                org.springframework.util.FileSystemUtils.deleteRecursively(index.path());
            }
        } catch (IOException e) {
            log.warn("closing the search index: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
