package com.sprocket.order.catalog;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The parts read model, fed by {@link CatalogListener}; a newer version of a part always wins. */
@Repository
public class PartOffers {

    private final DatabaseClient db;

    PartOffers(DatabaseClient db) {
        this.db = db;
    }

    /** The known parts among {@code ids}, by id, in one query. */
    public Mono<Map<UUID, PartOffer>> findAll(Collection<UUID> ids) {
        return db.sql("""
                        SELECT part_id, vendor_id, category_id, title, price_minor, currency, available, purchasable,
                               weight_grams, deleted
                        FROM part_offers WHERE part_id = ANY(:ids)
                        """)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(row -> new PartOffer(
                        row.get("part_id", UUID.class),
                        row.get("vendor_id", UUID.class),
                        row.get("category_id", UUID.class),
                        row.get("title", String.class),
                        row.get("price_minor", Long.class),
                        row.get("currency", String.class),
                        row.get("available", Integer.class),
                        Boolean.TRUE.equals(row.get("purchasable", Boolean.class)),
                        row.get("weight_grams", Integer.class),
                        Boolean.TRUE.equals(row.get("deleted", Boolean.class))))
                .all()
                .collect(Collectors.toMap(PartOffer::partId, Function.identity()));
    }

    Mono<Void> upsert(PartOffer part, int version) {
        return db.sql("""
                        INSERT INTO part_offers (part_id, vendor_id, category_id, title, price_minor, currency, available,
                                                 purchasable, weight_grams, deleted, version)
                        VALUES (:id, :vendor, :category, :title, :price, :currency, :available, :purchasable, :weight,
                                :deleted, :version)
                        ON CONFLICT (part_id) DO UPDATE SET vendor_id = EXCLUDED.vendor_id,
                          category_id = EXCLUDED.category_id, title = EXCLUDED.title, price_minor = EXCLUDED.price_minor,
                          currency = EXCLUDED.currency, available = EXCLUDED.available,
                          purchasable = EXCLUDED.purchasable, weight_grams = EXCLUDED.weight_grams,
                          deleted = EXCLUDED.deleted, version = EXCLUDED.version, updated_at = now()
                        WHERE part_offers.version < EXCLUDED.version
                        """)
                .bind("id", part.partId())
                .bind("vendor", part.vendorId())
                .bind("category", Parameter.fromOrEmpty(part.categoryId(), UUID.class))
                .bind("title", part.title())
                .bind("price", part.priceMinor())
                .bind("currency", part.currency())
                .bind("available", part.available())
                .bind("purchasable", part.purchasable())
                .bind("weight", part.weightGrams())
                .bind("deleted", part.deleted())
                .bind("version", version)
                .then();
    }

    Mono<Void> markDeleted(UUID partId, int version) {
        return db.sql("UPDATE part_offers SET deleted = true, purchasable = false, version = :version,"
                        + " updated_at = now() WHERE part_id = :id AND version < :version")
                .bind("id", partId)
                .bind("version", version)
                .then();
    }
}
