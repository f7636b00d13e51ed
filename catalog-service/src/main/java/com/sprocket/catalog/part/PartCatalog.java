package com.sprocket.catalog.part;

import com.sprocket.catalog.category.Categories;
import com.sprocket.catalog.config.Topics;
import com.sprocket.catalog.inventory.StockWatch;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxEvent;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.web.ApiProblems;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Vendors manage their own parts, admins all of them. Every change commits together with its
 * {@code catalog.parts} event (outbox) and, where stock or threshold moved, its inventory alert.
 */
@Service
public class PartCatalog {

    private final SearchEngine engine;
    private final PartCache cache;
    private final Parts parts;
    private final PartSearch search;
    private final Categories categories;
    private final StockWatch stockWatch;
    private final Sellers sellers;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final PartImports imports;
    private final tools.jackson.databind.ObjectMapper json;

    PartCatalog(
            org.springframework.beans.factory.ObjectProvider<SearchEngine> engine,
            PartCache cache,
            Parts parts,
            PartSearch search,
            Categories categories,
            StockWatch stockWatch,
            Sellers sellers,
            Outbox outbox,
            TransactionalOperator tx,
            PartImports imports,
            tools.jackson.databind.ObjectMapper json) {
        this.engine = engine.getIfAvailable();
        this.cache = cache;
        this.parts = parts;
        this.search = search;
        this.categories = categories;
        this.stockWatch = stockWatch;
        this.sellers = sellers;
        this.outbox = outbox;
        this.tx = tx;
        this.imports = imports;
        this.json = json;
    }

    /** The search index answers when it is ready; PostgreSQL otherwise (and with engine=postgres). */
    Mono<SearchPage> search(SearchQuery query) {
        return Mono.defer(() -> {
            query.validate();
            Mono<SearchPage> database =
                    search.search(query).map(page -> new SearchPage(page.items(), page.next(), null));
            return engine == null ? database : engine.search(query).switchIfEmpty(database);
        });
    }

    /** This replica's search index learns the write at once (others from its event). */
    private Mono<PartView> indexed(PartView view) {
        return reindexed(view.id()).thenReturn(view);
    }

    /**
     * A part changed in a transaction that has committed elsewhere in this service (reviews): this
     * replica's copy and search index learn it at once, the others from its event.
     */
    public Mono<Void> changedHere(UUID id) {
        return reindexed(id);
    }

    private Mono<Void> reindexed(UUID id) {
        return reindexed(List.of(id));
    }

    private Mono<Void> reindexed(List<UUID> ids) {
        // after the write committed (subscribed then): a read racing the write cannot keep the old row
        Mono<Void> dropped = Mono.fromRunnable(() -> ids.forEach(cache::changed));
        return engine == null
                ? dropped
                : dropped.then(ids.size() == 1 ? engine.reindex(ids.getFirst()) : engine.reindex(ids))
                        .onErrorResume(error -> {
                            // their events will do it moments later
                            org.slf4j.LoggerFactory.getLogger(PartCatalog.class)
                                    .warn("indexing {} part(s) at once failed: {}", ids.size(), error.toString());
                            return Mono.empty();
                        });
    }

    /**
     * One part; a withdrawn part (its vendor may not sell now) only for its vendor and admins. Guests
     * and customers read this replica's copy (see {@link PartCache}); vendors and admins, who change
     * parts, read PostgreSQL, so they see their own changes at once on every replica.
     */
    Mono<PartView> get(UUID id, CurrentUser user) {
        Mono<SparePart> read =
                user.has(Role.VENDOR) || user.isAdmin() ? parts.find(id) : cache.find(id, () -> parts.find(id));
        return read.filter(part -> !part.withdrawn() || user.canManage(part.vendorId()))
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", id)))
                .map(PartView::of);
    }

    Mono<PartView> create(CreatePart request, CurrentUser user) {
        return Mono.fromCallable(() -> newPart(request, vendorOf(request, user)))
                .flatMap(part -> sellers.requireMaySell(part.vendorId()).thenReturn(part))
                .flatMap(part -> requireCategory(part.categoryId()).thenReturn(part))
                .flatMap(part -> parts.insert(part).flatMap(this::recordCreated).as(tx::transactional))
                .map(PartView::of)
                .flatMap(this::indexed);
    }

    /** An upload as answered: made now (201) or the one this Idempotency-Key made before (200). */
    record Imported(PartImport made, boolean replayed) {}

    /**
     * A vendor's catalogue upload: every part is checked first (vendor may sell, category exists),
     * then all are created in one transaction, each with its {@code part.created.v1} event and
     * low-stock alert, exactly as one by one. The Idempotency-Key is claimed in the same transaction,
     * so a retry (or a concurrent duplicate) answers with the first upload's parts instead of copies.
     */
    Mono<Imported> importParts(ImportParts request, String idempotencyKey, CurrentUser user) {
        return Mono.defer(() -> {
                    List<SparePart> created =
                            new java.util.ArrayList<>(request.parts().size());
                    for (int i = 0; i < request.parts().size(); i++) {
                        CreatePart part = request.parts().get(i);
                        created.add(newPart(part, vendorOf(part, user, "parts[" + i + "].vendorId")));
                    }
                    String owner = "user:" + user.id();
                    String hash = com.sprocket.platform.web.RequestFingerprints.of(json, request);
                    UUID importId = UUID.randomUUID();
                    Mono<Imported> made = imports.claim(importId, owner, idempotencyKey, hash)
                            .flatMap(at -> requireSellable(created)
                                    .then(Flux.fromIterable(created)
                                            .concatMap(
                                                    part -> parts.insert(part).flatMap(this::recordCreated))
                                            .map(SparePart::id)
                                            .collectList())
                                    .flatMap(ids -> imports.complete(importId, ids)
                                            .thenReturn(new Imported(
                                                    new PartImport(importId, ids.size(), ids, at), false))));
                    return made.switchIfEmpty(Mono.defer(
                                    () -> imports.find(owner, idempotencyKey).map(stored -> replay(stored, hash))))
                            .as(tx::transactional);
                })
                .flatMap(imported -> imported.replayed()
                        ? Mono.just(imported)
                        : reindexed(imported.made().partIds()).thenReturn(imported));
    }

    private static Imported replay(PartImports.Stored stored, String requestHash) {
        if (!stored.requestHash().equals(requestHash)) {
            throw ApiProblems.of(
                    org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was used for another upload ("
                            + stored.made().id() + "); use a new key for new parts.");
        }
        return new Imported(stored.made(), true);
    }

    /** Every vendor of the upload may sell and every category named exists (one query each kind). */
    private Mono<Void> requireSellable(List<SparePart> created) {
        List<UUID> named = created.stream()
                .map(SparePart::categoryId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        Mono<Void> categoriesExist = named.isEmpty()
                ? Mono.empty()
                : categories.existing(named).flatMap(known -> {
                    for (int i = 0; i < created.size(); i++) {
                        UUID category = created.get(i).categoryId();
                        if (category != null && !known.contains(category)) {
                            return Mono.error(
                                    ApiProblems.invalid("parts[" + i + "].categoryId", "is not an existing category"));
                        }
                    }
                    return Mono.empty();
                });
        return Flux.fromIterable(
                        created.stream().map(SparePart::vendorId).distinct().toList())
                .concatMap(sellers::requireMaySell)
                .then(categoriesExist);
    }

    Mono<PartView> update(UUID id, UpdatePart changes, Integer expectedVersion, CurrentUser user) {
        return ownedPart(id, user)
                .flatMap(part -> checkVersion(part, expectedVersion))
                .flatMap(part -> requireCategory(changes.categoryId()).thenReturn(part.apply(changes)))
                .flatMap(part -> parts.update(part)
                        .switchIfEmpty(Mono.error(() -> ApiProblems.conflict("The part changed meanwhile; reload it.")))
                        .flatMap(this::recordUpdated)
                        .as(tx::transactional))
                .map(PartView::of)
                .flatMap(this::indexed);
    }

    Mono<Void> delete(UUID id, CurrentUser user) {
        return ownedPart(id, user)
                .flatMap(part -> parts.softDelete(id)
                        .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", id)))
                        .flatMap(deleted -> outbox.append(new OutboxEvent(
                                Topics.PARTS,
                                "part",
                                id.toString(),
                                PartDeleted.TYPE,
                                new PartDeleted(id, deleted.vendorId(), deleted.version(), deleted.updatedAt()))))
                        .as(tx::transactional))
                .then(reindexed(id));
    }

    Mono<PartView> adjustStock(UUID id, AdjustStock adjustment, CurrentUser user) {
        return ownedPart(id, user)
                .flatMap(part -> sellers.requireMaySell(part.vendorId()).thenReturn(part))
                .flatMap(part -> parts.adjustStock(id, adjustment.delta())
                        .switchIfEmpty(Mono.error(() -> ApiProblems.conflict(
                                "Stock cannot fall below what is reserved for orders: " + part.stock() + " in stock, "
                                        + part.reserved() + " reserved, change " + adjustment.delta() + ".")))
                        .flatMap(this::recordUpdated)
                        .as(tx::transactional))
                .map(PartView::of)
                .flatMap(this::indexed);
    }

    /**
     * Takes a vendor's parts off sale (or puts them back), each change published, in the caller's
     * transaction (the inbox's, when identity.users says the vendor's standing changed).
     */
    Mono<Void> withdrawOrRestore(UUID vendorId, boolean withdrawn) {
        return parts.setWithdrawn(vendorId, withdrawn)
                .concatMap(this::recordUpdated)
                .then();
    }

    /** Like {@link #ownedPart}, with the part locked for the rest of the caller's transaction. */
    public Mono<SparePart> lockedOwnedPart(UUID id, CurrentUser user) {
        return parts.lock(id)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", id)))
                .doOnNext(part -> user.requireOwnerOrAdmin(part.vendorId(), "parts"));
    }

    /** 403 unless the part's vendor may sell now (verified, active, still a vendor). */
    public Mono<SparePart> sellable(SparePart part) {
        return sellers.requireMaySell(part.vendorId()).thenReturn(part);
    }

    /** The part, if the caller may change it: 404 when it does not exist, 403 when it is another vendor's. */
    public Mono<SparePart> ownedPart(UUID id, CurrentUser user) {
        return parts.find(id)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", id)))
                .doOnNext(part -> user.requireOwnerOrAdmin(part.vendorId(), "parts"));
    }

    /** Publishes the new state of a part changed elsewhere in this service (images), in the caller's transaction. */
    public Mono<SparePart> recordUpdated(SparePart part) {
        return outbox.append(new OutboxEvent(
                        Topics.PARTS, "part", part.id().toString(), PartChanged.UPDATED, PartChanged.of(part)))
                .then(stockWatch.check(
                        part.id(), part.vendorId(), part.title(), part.stock(), part.lowStockThreshold()))
                .thenReturn(part);
    }

    /**
     * Recomputes a part's rating after its reviews changed and publishes the part, in the caller's
     * transaction: every replica's search index re-reads it (sort by rating, the rating on list items).
     * The version is unchanged, so read models that keep only newer versions (cart, order) skip it.
     */
    public Mono<Void> rated(UUID id) {
        return parts.refreshRating(id)
                .flatMap(part -> outbox.append(new OutboxEvent(
                        Topics.PARTS, "part", part.id().toString(), PartChanged.UPDATED, PartChanged.of(part))))
                .then();
    }

    private Mono<SparePart> recordCreated(SparePart part) {
        return outbox.append(new OutboxEvent(
                        Topics.PARTS, "part", part.id().toString(), PartChanged.CREATED, PartChanged.of(part)))
                .then(stockWatch.check(
                        part.id(), part.vendorId(), part.title(), part.stock(), part.lowStockThreshold()))
                .thenReturn(part);
    }

    private Mono<SparePart> checkVersion(SparePart part, Integer expectedVersion) {
        if (expectedVersion != null && expectedVersion != part.version()) {
            return Mono.error(ApiProblems.preconditionFailed(
                    "The part is at version " + part.version() + ", not " + expectedVersion + "; reload it."));
        }
        return Mono.just(part);
    }

    private Mono<Void> requireCategory(UUID categoryId) {
        if (categoryId == null) {
            return Mono.empty();
        }
        return categories
                .exists(categoryId)
                .flatMap(exists -> exists
                        ? Mono.empty()
                        : Mono.error(ApiProblems.invalid("categoryId", "is not an existing category")));
    }

    private static UUID vendorOf(CreatePart request, CurrentUser user) {
        return vendorOf(request, user, "vendorId");
    }

    private static UUID vendorOf(CreatePart request, CurrentUser user, String field) {
        if (user.has(Role.VENDOR) && !user.isAdmin()) {
            if (request.vendorId() != null && !user.owns(request.vendorId())) {
                throw ApiProblems.forbidden("Vendors create parts for themselves only.");
            }
            return user.id();
        }
        if (request.vendorId() == null) {
            throw ApiProblems.invalid(field, "is required when an admin creates a part");
        }
        return request.vendorId();
    }

    private static SparePart newPart(CreatePart request, UUID vendorId) {
        Instant now = Instant.now();
        return new SparePart(
                UUID.randomUUID(),
                vendorId,
                request.categoryId(),
                request.title().strip(),
                request.description() == null ? "" : request.description(),
                request.brand().strip(),
                request.partNumbers() == null ? List.of() : request.partNumbers(),
                request.condition(),
                new Money(request.priceMinor(), request.currency()),
                request.stock(),
                0,
                request.lowStockThreshold() == null ? 0 : request.lowStockThreshold(),
                List.of(),
                request.attributes() == null ? Map.of() : request.attributes(),
                BigDecimal.ZERO,
                0,
                0,
                now,
                now,
                false);
    }
}
