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
import reactor.core.publisher.Mono;

/**
 * Vendors manage their own parts, admins all of them. Every change commits together with its
 * {@code catalog.parts} event (outbox) and, where stock or threshold moved, its inventory alert.
 */
@Service
public class PartCatalog {

    private final SearchEngine engine;
    private final Parts parts;
    private final PartSearch search;
    private final Categories categories;
    private final StockWatch stockWatch;
    private final Sellers sellers;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    PartCatalog(
            org.springframework.beans.factory.ObjectProvider<SearchEngine> engine,
            Parts parts,
            PartSearch search,
            Categories categories,
            StockWatch stockWatch,
            Sellers sellers,
            Outbox outbox,
            TransactionalOperator tx) {
        this.engine = engine.getIfAvailable();
        this.parts = parts;
        this.search = search;
        this.categories = categories;
        this.stockWatch = stockWatch;
        this.sellers = sellers;
        this.outbox = outbox;
        this.tx = tx;
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

    private Mono<Void> reindexed(UUID id) {
        return engine == null
                ? Mono.empty()
                : engine.reindex(id).onErrorResume(error -> {
                    // its event will do it moments later
                    org.slf4j.LoggerFactory.getLogger(PartCatalog.class)
                            .warn("indexing part {} at once failed: {}", id, error.toString());
                    return Mono.empty();
                });
    }

    /** One part; a withdrawn part (its vendor may not sell now) only for its vendor and admins. */
    Mono<PartView> get(UUID id, CurrentUser user) {
        return parts.find(id)
                .filter(part -> !part.withdrawn() || user.canManage(part.vendorId()))
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
        if (user.has(Role.VENDOR) && !user.isAdmin()) {
            if (request.vendorId() != null && !user.owns(request.vendorId())) {
                throw ApiProblems.forbidden("Vendors create parts for themselves only.");
            }
            return user.id();
        }
        if (request.vendorId() == null) {
            throw ApiProblems.invalid("vendorId", "is required when an admin creates a part");
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
