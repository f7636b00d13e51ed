package com.sprocket.catalog.part;

import com.sprocket.platform.sql.Sql;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Browse and search: weighted full-text search (GIN on a generated tsvector) plus part-number lookup
 * by trigram word similarity over the normalized numbers, filters, and keyset pagination. One
 * query per page, never an offset.
 */
@Component
class PartSearch {

    private static final String TEXT_MATCH =
            "(p.search_vector @@ websearch_to_tsquery('english', :q) OR (:qNumber <> '' AND :qNumber <% p.part_number_key))";
    private static final String TEXT_RANK = "ts_rank_cd(p.search_vector, websearch_to_tsquery('english', :q))"
            + " + CASE WHEN :qNumber <> '' THEN word_similarity(:qNumber, p.part_number_key) ELSE 0 END";

    private final DatabaseClient db;
    private final Parts parts;

    PartSearch(DatabaseClient db, Parts parts) {
        this.db = db;
        this.parts = parts;
    }

    Mono<Page<PartSummary>> search(SearchQuery query) {
        return Mono.defer(() -> {
            PartSort sort = query.effectiveSort();
            Map<String, Object> binds = new LinkedHashMap<>();
            String sql = sql(query, sort, binds);
            var spec = Sql.bindAll(db.sql(sql), binds);
            return spec.map(row -> new Hit(parts.toPart(row), cursorValue(sort, row)))
                    .all()
                    .collectList()
                    .map(hits -> Page.of(hits, query.pageSize(), Hit::cursor).map(hit -> PartSummary.of(hit.part())));
        });
    }

    private String sql(SearchQuery query, PartSort sort, Map<String, Object> binds) {
        StringBuilder where = new StringBuilder("p.deleted_at IS NULL AND NOT p.withdrawn");
        String rank = "0::float8";
        if (query.hasText()) {
            binds.put("q", query.q().strip());
            binds.put("qNumber", PartNumbers.normalize(query.q()));
            where.append(" AND ").append(TEXT_MATCH);
            rank = TEXT_RANK;
        }
        if (query.hasPartNumber()) {
            String number = PartNumbers.normalize(query.partNumber());
            if (number.length() < 3) {
                throw ApiProblems.invalid("partNumber", "needs at least 3 letters or digits");
            }
            binds.put("partNumber", number);
            where.append(" AND :partNumber <% p.part_number_key");
            rank = rank + " + word_similarity(:partNumber, p.part_number_key)";
        }
        if (sort == PartSort.RELEVANCE && !query.hasText() && !query.hasPartNumber()) {
            throw ApiProblems.invalid("sort", "relevance needs q or partNumber");
        }
        filters(query, where, binds);
        String inner = "SELECT " + Parts.COLUMNS + ", (" + rank + ")::float8 AS rank FROM spare_parts p WHERE " + where;
        StringBuilder sql = new StringBuilder("SELECT * FROM (").append(inner).append(") hits");
        if (query.after() != null) {
            Cursor cursor = Cursor.parse(query.after(), 3);
            if (!cursor.text(0).equals(sort.name())) {
                throw ApiProblems.invalid("after", "belongs to another sort order");
            }
            binds.put("afterValue", cursor.typed(1, value -> cursorBind(sort, value)));
            binds.put("afterId", cursor.uuid(2));
            sql.append(" WHERE ").append(sort.after);
        }
        sql.append(" ORDER BY ").append(sort.orderBy).append(" LIMIT :limit");
        binds.put("limit", query.pageSize() + 1);
        return sql.toString();
    }

    private static void filters(SearchQuery query, StringBuilder where, Map<String, Object> binds) {
        if (query.category() != null) {
            binds.put("category", query.category());
            where.append(" AND p.category_id IN (WITH RECURSIVE tree(id) AS ("
                    + "SELECT id FROM categories WHERE id = :category"
                    + " UNION ALL SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id)"
                    + " SELECT id FROM tree)");
        }
        if (query.brand() != null && !query.brand().isEmpty()) {
            binds.put(
                    "brands",
                    query.brand().stream()
                            .map(b -> b.strip().toLowerCase(Locale.ROOT))
                            .toArray(String[]::new));
            where.append(" AND lower(p.brand) = ANY(:brands)");
        }
        if (query.minPrice() != null) {
            binds.put("minPrice", query.minPrice());
            where.append(" AND p.price_minor >= :minPrice");
        }
        if (query.maxPrice() != null) {
            if (query.minPrice() != null && query.maxPrice() < query.minPrice()) {
                throw ApiProblems.invalid("maxPrice", "must not be below minPrice");
            }
            binds.put("maxPrice", query.maxPrice());
            where.append(" AND p.price_minor <= :maxPrice");
        }
        if (query.currency() != null) {
            binds.put("currency", query.currency());
            where.append(" AND p.currency = :currency");
        }
        if (query.inStock() != null) {
            where.append(query.inStock() ? " AND p.stock > p.reserved" : " AND p.stock = p.reserved");
        }
        if (query.vendor() != null) {
            binds.put("vendor", query.vendor());
            where.append(" AND p.vendor_id = :vendor");
        }
    }

    private static String cursorValue(PartSort sort, Readable row) {
        String value = switch (sort) {
            case RELEVANCE -> String.valueOf(row.get("rank", Double.class));
            case PRICE_ASC, PRICE_DESC -> String.valueOf(row.get("price_minor", Long.class));
            case NEWEST -> row.get("created_at", OffsetDateTime.class).toString();
            case RATING -> row.get("rating_avg", BigDecimal.class).toPlainString();
        };
        return Cursor.encode(List.of(sort.name(), value, String.valueOf(row.get("id", UUID.class))));
    }

    private static Object cursorBind(PartSort sort, String value) {
        return switch (sort) {
            case RELEVANCE -> Double.parseDouble(value);
            case PRICE_ASC, PRICE_DESC -> Long.parseLong(value);
            case NEWEST -> OffsetDateTime.parse(value);
            case RATING -> new BigDecimal(value);
        };
    }

    private record Hit(SparePart part, String cursor) {}
}
