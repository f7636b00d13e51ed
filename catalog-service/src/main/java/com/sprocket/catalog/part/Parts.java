package com.sprocket.catalog.part;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The spare_parts table. Soft-deleted rows are invisible to every method here. */
@Repository
public class Parts {

    static final String COLUMNS = """
            id, vendor_id, category_id, title, description, brand, part_numbers, condition, price_minor, currency,
            stock, reserved, low_stock_threshold, images, attributes, rating_avg, rating_count, version, created_at,
            updated_at, withdrawn
            """;

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {};

    private final DatabaseClient db;
    private final ObjectMapper mapper;

    Parts(DatabaseClient db, ObjectMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    public Mono<SparePart> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM spare_parts WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id)
                .map(this::toPart)
                .one();
    }

    /** Parts that are not deleted (withdrawn ones too) among {@code ids}, in one query. */
    public reactor.core.publisher.Flux<SparePart> findAll(java.util.Collection<UUID> ids) {
        return db.sql("SELECT " + COLUMNS + " FROM spare_parts WHERE id = ANY(:ids) AND deleted_at IS NULL")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(this::toPart)
                .all();
    }

    /** Searchable parts (not deleted, not withdrawn) after {@code after} in id order, a batch at a time. */
    public reactor.core.publisher.Flux<SparePart> searchable(UUID after, int limit) {
        return db.sql("SELECT " + COLUMNS
                        + " FROM spare_parts WHERE deleted_at IS NULL AND NOT withdrawn AND id > :after"
                        + " ORDER BY id LIMIT :limit")
                .bind("after", after)
                .bind("limit", limit)
                .map(this::toPart)
                .all();
    }

    Mono<SparePart> insert(SparePart part) {
        return db.sql("""
                        INSERT INTO spare_parts (id, vendor_id, category_id, title, description, brand, part_numbers,
                          part_number_key, condition, price_minor, currency, stock, low_stock_threshold, attributes)
                        VALUES (:id, :vendorId, :categoryId, :title, :description, :brand, :partNumbers,
                          :partNumberKey, :condition, :priceMinor, :currency, :stock, :threshold, :attributes)
                        RETURNING \s""" + COLUMNS)
                .bind("id", part.id())
                .bind("vendorId", part.vendorId())
                .bind("categoryId", nullable(part.categoryId()))
                .bind("title", part.title())
                .bind("description", part.description())
                .bind("brand", part.brand())
                .bind("partNumbers", part.partNumbers().toArray(String[]::new))
                .bind("partNumberKey", PartNumbers.key(part.partNumbers()))
                .bind("condition", part.condition().code())
                .bind("priceMinor", part.price().amountMinor())
                .bind("currency", part.price().currency())
                .bind("stock", part.stock())
                .bind("threshold", part.lowStockThreshold())
                .bind("attributes", json(part.attributes()))
                .map(this::toPart)
                .one();
    }

    /** Stores the changed fields if nobody changed the part since {@code part.version()}; empty otherwise. */
    Mono<SparePart> update(SparePart part) {
        return db.sql("""
                        UPDATE spare_parts SET category_id = :categoryId, title = :title, description = :description,
                          brand = :brand, part_numbers = :partNumbers, part_number_key = :partNumberKey,
                          condition = :condition, price_minor = :priceMinor, currency = :currency,
                          low_stock_threshold = :threshold, attributes = :attributes,
                          version = version + 1, updated_at = now()
                        WHERE id = :id AND version = :version AND deleted_at IS NULL
                        RETURNING \s""" + COLUMNS)
                .bind("id", part.id())
                .bind("version", part.version())
                .bind("categoryId", nullable(part.categoryId()))
                .bind("title", part.title())
                .bind("description", part.description())
                .bind("brand", part.brand())
                .bind("partNumbers", part.partNumbers().toArray(String[]::new))
                .bind("partNumberKey", PartNumbers.key(part.partNumbers()))
                .bind("condition", part.condition().code())
                .bind("priceMinor", part.price().amountMinor())
                .bind("currency", part.price().currency())
                .bind("threshold", part.lowStockThreshold())
                .bind("attributes", json(part.attributes()))
                .map(this::toPart)
                .one();
    }

    /** Moves stock atomically; empty if the part is gone or the stock would fall below zero. */
    Mono<SparePart> adjustStock(UUID id, int delta) {
        return db.sql("""
                        UPDATE spare_parts SET stock = stock + :delta, version = version + 1, updated_at = now()
                        WHERE id = :id AND deleted_at IS NULL AND stock + :delta >= reserved
                        RETURNING \s""" + COLUMNS)
                .bind("id", id)
                .bind("delta", delta)
                .map(this::toPart)
                .one();
    }

    public Mono<SparePart> replaceImages(UUID id, List<String> images) {
        return db.sql("""
                        UPDATE spare_parts SET images = :images, version = version + 1, updated_at = now()
                        WHERE id = :id AND deleted_at IS NULL
                        RETURNING \s""" + COLUMNS)
                .bind("id", id)
                .bind("images", images.toArray(String[]::new))
                .map(this::toPart)
                .one();
    }

    Mono<SparePart> softDelete(UUID id) {
        return db.sql("""
                        UPDATE spare_parts SET deleted_at = now(), version = version + 1, updated_at = now()
                        WHERE id = :id AND deleted_at IS NULL
                        RETURNING \s""" + COLUMNS).bind("id", id).map(this::toPart).one();
    }

    /**
     * Withdraws a vendor's parts from sale, or puts them back (when the vendor may sell again); returns
     * the parts that changed, each with its new version, in the caller's transaction.
     */
    public reactor.core.publisher.Flux<SparePart> setWithdrawn(UUID vendorId, boolean withdrawn) {
        return db.sql("""
                        UPDATE spare_parts SET withdrawn = :withdrawn, version = version + 1, updated_at = now()
                        WHERE vendor_id = :vendor AND deleted_at IS NULL AND withdrawn <> :withdrawn
                        RETURNING \s""" + COLUMNS)
                .bind("vendor", vendorId)
                .bind("withdrawn", withdrawn)
                .map(this::toPart)
                .all();
    }

    /**
     * Locks the part for the rest of the caller's transaction. Review changes take it first, so they
     * run one after another per part and each recomputation (a later statement, a later snapshot) sees
     * every review committed before it: the aggregate cannot go stale under concurrent reviews.
     */
    public Mono<UUID> lockForRating(UUID id) {
        return db.sql("SELECT id FROM spare_parts WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
                .bind("id", id)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** The part, locked for the rest of the caller's transaction (images change one request at a time). */
    /** The live parts among {@code ids}, locked in id order (so concurrent reservations cannot deadlock). */
    public Flux<SparePart> lockAll(Collection<UUID> ids) {
        return db.sql("SELECT " + COLUMNS
                        + " FROM spare_parts WHERE id = ANY(:ids) AND deleted_at IS NULL ORDER BY id FOR UPDATE")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(this::toPart)
                .all();
    }

    /**
     * Moves a locked part's stock on hand and reserved quantity (a reservation, its commit or release);
     * the constraint {@code 0 <= reserved <= stock} holds or the statement fails.
     */
    public Mono<SparePart> moveStock(UUID id, int stockDelta, int reservedDelta) {
        return db.sql("UPDATE spare_parts SET stock = stock + :stock, reserved = reserved + :reserved,"
                        + " version = version + 1, updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("stock", stockDelta)
                .bind("reserved", reservedDelta)
                .map(this::toPart)
                .one();
    }

    public Mono<SparePart> lock(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM spare_parts WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
                .bind("id", id)
                .map(this::toPart)
                .one();
    }

    /**
     * Recomputes the rating from visible reviews, in the caller's transaction, and returns the part. The
     * version stays: a rating is not the vendor's edit, so it must not fail their next If-Match.
     */
    Mono<SparePart> refreshRating(UUID id) {
        return db.sql("""
                        UPDATE spare_parts p SET rating_avg = coalesce(r.average, 0), rating_count = r.count
                        FROM (SELECT round(avg(rating), 2) AS average, count(*) AS count
                              FROM product_reviews WHERE part_id = :id AND NOT hidden) r
                        WHERE p.id = :id RETURNING\s""" + COLUMNS).bind("id", id).map(this::toPart).one();
    }

    SparePart toPart(Readable row) {
        return new SparePart(
                row.get("id", UUID.class),
                row.get("vendor_id", UUID.class),
                row.get("category_id", UUID.class),
                row.get("title", String.class),
                row.get("description", String.class),
                row.get("brand", String.class),
                Arrays.asList(row.get("part_numbers", String[].class)),
                Condition.of(row.get("condition", String.class)),
                new Money(row.get("price_minor", Long.class), row.get("currency", String.class)),
                row.get("stock", Integer.class),
                row.get("reserved", Integer.class),
                row.get("low_stock_threshold", Integer.class),
                Arrays.asList(row.get("images", String[].class)),
                mapper.readValue(row.get("attributes", Json.class).asString(), ATTRIBUTES),
                row.get("rating_avg", BigDecimal.class),
                row.get("rating_count", Integer.class),
                row.get("version", Integer.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant(),
                Boolean.TRUE.equals(row.get("withdrawn", Boolean.class)));
    }

    private Json json(Map<String, Object> attributes) {
        return Json.of(mapper.writeValueAsString(attributes));
    }

    private static Object nullable(UUID value) {
        return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, UUID.class);
    }
}
