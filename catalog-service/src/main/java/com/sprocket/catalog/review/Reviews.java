package com.sprocket.catalog.review;

import com.sprocket.catalog.part.PartCatalog;
import com.sprocket.catalog.part.Parts;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Reviews: customers write one per part and edit or delete their own; admins hide and unhide.
 * The part's rating average and count are recomputed in the same transaction as every change, and the
 * part is published ({@code part.updated.v1}) so the search indexes follow.
 */
@Service
class Reviews {

    private static final String COLUMNS = "id, part_id, customer_id, rating, body, hidden, created_at, updated_at,"
            + " EXISTS (SELECT 1 FROM verified_purchases v WHERE v.customer_id = product_reviews.customer_id"
            + " AND v.part_id = product_reviews.part_id) AS verified_purchase";

    private final DatabaseClient db;
    private final Parts parts;
    private final PartCatalog catalog;
    private final TransactionalOperator tx;

    Reviews(DatabaseClient db, Parts parts, PartCatalog catalog, TransactionalOperator tx) {
        this.db = db;
        this.parts = parts;
        this.catalog = catalog;
        this.tx = tx;
    }

    Mono<Page<Review>> list(UUID partId, CurrentUser user, int limit, String after) {
        return Mono.defer(() -> {
            String visibility = user.isAdmin() ? "" : " AND (NOT hidden OR customer_id = :viewer)";
            String keyset = after == null ? "" : " AND (created_at, id) < (:afterCreated, :afterId)";
            var spec = db.sql("SELECT " + COLUMNS + " FROM product_reviews WHERE part_id = :partId" + visibility
                            + keyset + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                    .bind("partId", partId)
                    .bind("limit", limit + 1);
            if (!user.isAdmin()) {
                spec = spec.bind("viewer", user.isGuest() ? new UUID(0, 0) : user.id());
            }
            if (after != null) {
                Cursor cursor = Cursor.parse(after, 2);
                spec = spec.bind("afterCreated", cursor.time(0)).bind("afterId", cursor.uuid(1));
            }
            return spec.map(Reviews::toReview)
                    .all()
                    .collectList()
                    .map(rows -> Page.of(rows, limit, review -> Cursor.ofTimeAndId(review.createdAt(), review.id())));
        });
    }

    Mono<Review> write(UUID partId, WriteReview request, CurrentUser user) {
        Mono<Review> inserted = db.sql("INSERT INTO product_reviews (id, part_id, customer_id, rating, body)"
                        + " VALUES (:id, :partId, :customerId, :rating, :body)"
                        + " ON CONFLICT (part_id, customer_id) DO NOTHING RETURNING " + COLUMNS)
                .bind("id", UUID.randomUUID())
                .bind("partId", partId)
                .bind("customerId", user.id())
                .bind("rating", request.rating())
                .bind("body", request.body() == null ? "" : request.body().strip())
                .map(Reviews::toReview)
                .one()
                .switchIfEmpty(Mono.error(
                        () -> ApiProblems.conflict("You already reviewed this part; edit your review instead.")));
        return parts.lockForRating(partId)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("part", partId)))
                .then(inserted.flatMap(review -> catalog.rated(partId).thenReturn(review)))
                .as(tx::transactional)
                .flatMap(review -> catalog.changedHere(partId).thenReturn(review));
    }

    Mono<Review> edit(UUID id, WriteReview request, CurrentUser user) {
        return find(id).doOnNext(review -> requireAuthor(review, user))
                .flatMap(review -> parts.lockForRating(review.partId())
                        .then(db.sql("UPDATE product_reviews SET rating = :rating, body = :body, updated_at = now()"
                                        + " WHERE id = :id RETURNING " + COLUMNS)
                                .bind("id", id)
                                .bind("rating", request.rating())
                                .bind(
                                        "body",
                                        request.body() == null
                                                ? ""
                                                : request.body().strip())
                                .map(Reviews::toReview)
                                .one()
                                .flatMap(updated ->
                                        catalog.rated(updated.partId()).thenReturn(updated)))
                        .as(tx::transactional))
                .flatMap(updated -> catalog.changedHere(updated.partId()).thenReturn(updated));
    }

    Mono<Void> delete(UUID id, CurrentUser user) {
        return find(id).doOnNext(review -> {
                    if (!user.isAdmin()) {
                        requireAuthor(review, user);
                    }
                })
                .flatMap(review -> parts.lockForRating(review.partId())
                        .then(db.sql("DELETE FROM product_reviews WHERE id = :id")
                                .bind("id", id)
                                .then())
                        .then(catalog.rated(review.partId()))
                        .as(tx::transactional)
                        .then(catalog.changedHere(review.partId())));
    }

    Mono<Review> moderate(UUID id, boolean hide, CurrentUser admin) {
        return find(id).flatMap(review -> parts.lockForRating(review.partId())
                        .then(db.sql("UPDATE product_reviews SET hidden = :hidden, hidden_by = :by, updated_at = now()"
                                        + " WHERE id = :id RETURNING " + COLUMNS)
                                .bind("id", id)
                                .bind("hidden", hide)
                                .bind(
                                        "by",
                                        org.springframework.r2dbc.core.Parameter.fromOrEmpty(
                                                hide ? admin.id() : null, UUID.class))
                                .map(Reviews::toReview)
                                .one())
                        .flatMap(updated -> catalog.rated(updated.partId()).thenReturn(updated))
                        .as(tx::transactional))
                .flatMap(updated -> catalog.changedHere(updated.partId()).thenReturn(updated));
    }

    private Mono<Review> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM product_reviews WHERE id = :id")
                .bind("id", id)
                .map(Reviews::toReview)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("review", id)));
    }

    private static void requireAuthor(Review review, CurrentUser user) {
        if (!user.owns(review.customerId())) {
            throw ApiProblems.forbidden("You may only change your own reviews.");
        }
    }

    private static Review toReview(Readable row) {
        return new Review(
                row.get("id", UUID.class),
                row.get("part_id", UUID.class),
                row.get("customer_id", UUID.class),
                row.get("rating", Short.class),
                row.get("body", String.class),
                row.get("hidden", Boolean.class),
                Boolean.TRUE.equals(row.get("verified_purchase", Boolean.class)),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
