package com.sprocket.catalog.category;

import com.sprocket.platform.web.ApiProblems;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The category tree. Small (hundreds of rows), so the tree is built from one query. */
@Service
public class Categories {

    private static final int MAX_CATEGORIES = 5_000;

    private final DatabaseClient db;
    private final org.springframework.transaction.reactive.TransactionalOperator tx;

    Categories(DatabaseClient db, org.springframework.transaction.reactive.TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Every category's parent (null for a root), for search: a part is found under each ancestor. */
    public Mono<java.util.Map<UUID, UUID>> parents() {
        return db.sql("SELECT id, parent_id FROM categories")
                .map(row -> java.util.Map.entry(
                        row.get("id", UUID.class), java.util.Optional.ofNullable(row.get("parent_id", UUID.class))))
                .all()
                .collectMap(
                        java.util.Map.Entry::getKey, entry -> entry.getValue().orElse(entry.getKey()))
                .map(java.util.HashMap::new);
    }

    public Mono<Boolean> exists(UUID id) {
        return db.sql("SELECT 1 FROM categories WHERE id = :id")
                .bind("id", id)
                .fetch()
                .one()
                .hasElement();
    }

    /** Which of {@code ids} are categories, in one query. */
    public Mono<java.util.Set<UUID>> existing(java.util.Collection<UUID> ids) {
        return db.sql("SELECT id FROM categories WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(row -> row.get("id", UUID.class))
                .all()
                .collect(java.util.stream.Collectors.toSet());
    }

    Mono<List<Category>> tree() {
        return db.sql("SELECT id, parent_id, name, slug, position FROM categories ORDER BY position, name LIMIT "
                        + MAX_CATEGORIES)
                .map(Categories::toCategory)
                .all()
                .collectList()
                .map(Categories::assemble);
    }

    Mono<Category> find(UUID id) {
        return db.sql("SELECT id, parent_id, name, slug, position FROM categories WHERE id = :id")
                .bind("id", id)
                .map(Categories::toCategory)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("category", id)));
    }

    Mono<Category> create(CreateCategory request) {
        Mono<Boolean> parentOk = request.parentId() == null ? Mono.just(true) : exists(request.parentId());
        return parentOk.flatMap(ok ->
                ok ? insert(request) : Mono.error(ApiProblems.invalid("parentId", "is not an existing category")));
    }

    /**
     * Deletes a leaf category that no live part uses (409 otherwise: move the parts first); withdrawn
     * (soft-deleted) parts let go of it. One transaction, the category row locked first.
     */
    Mono<Void> delete(UUID id) {
        Mono<Void> deletion = db.sql("""
                        SELECT EXISTS (SELECT 1 FROM categories WHERE parent_id = c.id) AS has_children,
                               EXISTS (SELECT 1 FROM spare_parts WHERE category_id = c.id AND deleted_at IS NULL) AS has_parts
                        FROM categories c WHERE c.id = :id FOR UPDATE
                        """)
                .bind("id", id)
                .map(row -> new boolean[] {
                    Boolean.TRUE.equals(row.get("has_children", Boolean.class)),
                    Boolean.TRUE.equals(row.get("has_parts", Boolean.class))
                })
                .one()
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("category", id)))
                .flatMap(uses -> {
                    if (uses[0]) {
                        return Mono.error(
                                ApiProblems.conflict("The category has subcategories; delete or move them first."));
                    }
                    if (uses[1]) {
                        return Mono.error(
                                ApiProblems.conflict("Parts are listed in this category; move them to another first."));
                    }
                    return db.sql(
                                    "UPDATE spare_parts SET category_id = NULL WHERE category_id = :id AND deleted_at IS NOT NULL")
                            .bind("id", id)
                            .then()
                            .then(db.sql("DELETE FROM categories WHERE id = :id")
                                    .bind("id", id)
                                    .then());
                });
        return deletion.as(tx::transactional);
    }

    private Mono<Category> insert(CreateCategory request) {
        return db.sql("""
                        INSERT INTO categories (id, parent_id, name, slug, position)
                        VALUES (:id, :parentId, :name, :slug, :position)
                        ON CONFLICT (slug) DO NOTHING
                        RETURNING id, parent_id, name, slug, position
                        """)
                .bind("id", UUID.randomUUID())
                .bind("parentId", Parameter.fromOrEmpty(request.parentId(), UUID.class))
                .bind("name", request.name().strip())
                .bind("slug", request.slug())
                .bind("position", request.position() == null ? 0 : request.position())
                .map(Categories::toCategory)
                .one()
                .switchIfEmpty(
                        Mono.error(() -> ApiProblems.conflict("A category with slug " + request.slug() + " exists.")));
    }

    private static List<Category> assemble(List<Category> flat) {
        Map<UUID, List<Category>> byParent = new HashMap<>();
        flat.forEach(category -> byParent.computeIfAbsent(category.parentId(), key -> new ArrayList<>())
                .add(category));
        return children(null, byParent);
    }

    private static List<Category> children(UUID parent, Map<UUID, List<Category>> byParent) {
        return byParent.getOrDefault(parent, List.of()).stream()
                .map(category -> new Category(
                        category.id(),
                        category.parentId(),
                        category.name(),
                        category.slug(),
                        category.position(),
                        children(category.id(), byParent)))
                .toList();
    }

    private static Category toCategory(Readable row) {
        return new Category(
                row.get("id", UUID.class),
                row.get("parent_id", UUID.class),
                row.get("name", String.class),
                row.get("slug", String.class),
                row.get("position", Integer.class),
                List.of());
    }
}
