package com.sprocket.cart.pricing;

import io.r2dbc.spi.Readable;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The part_prices read model. Changes apply only if newer than what is stored (events may repeat). */
@Repository
public class PartPrices {

    /** A part is available only if catalog says so and its vendor has not been withdrawn by identity. */
    private static final String SELECT =
            "SELECT part_id, vendor_id, title, price_minor, currency, stock, deleted, version,"
                    + " available AND NOT EXISTS (SELECT 1 FROM withdrawn_sellers w WHERE w.vendor_id = part_prices.vendor_id)"
                    + " AS available";

    private final DatabaseClient db;

    PartPrices(DatabaseClient db) {
        this.db = db;
    }

    public Mono<PartPrice> find(UUID partId) {
        return db.sql(SELECT + " FROM part_prices WHERE part_id = :id")
                .bind("id", partId)
                .map(PartPrices::toPrice)
                .one();
    }

    /** Prices of several parts in one query, by part id (unknown parts are absent). */
    public Mono<java.util.Map<UUID, PartPrice>> findAll(java.util.Collection<UUID> partIds) {
        if (partIds.isEmpty()) {
            return Mono.just(java.util.Map.of());
        }
        return db.sql(SELECT + " FROM part_prices WHERE part_id = ANY(:ids)")
                .bind("ids", partIds.toArray(UUID[]::new))
                .map(PartPrices::toPrice)
                .all()
                .collectMap(PartPrice::partId);
    }

    Mono<Void> upsert(PartPrice price) {
        return db.sql("""
                        INSERT INTO part_prices (part_id, vendor_id, title, price_minor, currency, stock, available, deleted, version)
                        VALUES (:id, :vendor, :title, :price, :currency, :stock, :available, :deleted, :version)
                        ON CONFLICT (part_id) DO UPDATE SET vendor_id = EXCLUDED.vendor_id, title = EXCLUDED.title,
                          price_minor = EXCLUDED.price_minor, currency = EXCLUDED.currency, stock = EXCLUDED.stock,
                          available = EXCLUDED.available, deleted = EXCLUDED.deleted, version = EXCLUDED.version,
                          updated_at = now()
                        WHERE part_prices.version < EXCLUDED.version
                        """)
                .bind("id", price.partId())
                .bind("vendor", price.vendorId())
                .bind("title", price.title())
                .bind("price", price.priceMinor())
                .bind("currency", price.currency())
                .bind("stock", price.stock())
                .bind("available", price.available())
                .bind("deleted", price.deleted())
                .bind("version", price.version())
                .then();
    }

    Mono<Void> markDeleted(UUID partId, int version) {
        return db.sql("UPDATE part_prices SET deleted = true, available = false, version = :version, updated_at = now()"
                        + " WHERE part_id = :id AND version < :version")
                .bind("id", partId)
                .bind("version", version)
                .then();
    }

    static PartPrice toPrice(Readable row) {
        return new PartPrice(
                row.get("part_id", UUID.class),
                row.get("vendor_id", UUID.class),
                row.get("title", String.class),
                row.get("price_minor", Long.class),
                row.get("currency", String.class),
                row.get("stock", Integer.class),
                Boolean.TRUE.equals(row.get("available", Boolean.class)),
                Boolean.TRUE.equals(row.get("deleted", Boolean.class)),
                row.get("version", Integer.class));
    }
}
