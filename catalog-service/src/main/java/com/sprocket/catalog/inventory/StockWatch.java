package com.sprocket.catalog.inventory;

import com.sprocket.catalog.config.Topics;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxEvent;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Raises and resolves low-stock alerts whenever a part's stock or threshold changes, inside the
 * caller's transaction: stock at or below the threshold opens one alert (never two for the same
 * part) and publishes {@code inventory.low-stock-detected.v1}; stock back above it resolves the
 * active alert and publishes {@code inventory.restocked.v1}.
 */
@Component
public class StockWatch {

    private final DatabaseClient db;
    private final Outbox outbox;

    StockWatch(DatabaseClient db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    public Mono<Void> check(UUID partId, UUID vendorId, String title, int stock, int threshold) {
        return stock <= threshold
                ? open(partId, vendorId, title, stock, threshold)
                : resolve(partId, vendorId, stock, threshold);
    }

    private Mono<Void> open(UUID partId, UUID vendorId, String title, int stock, int threshold) {
        return db.sql("""
                        INSERT INTO inventory_alerts (id, part_id, vendor_id, status, stock, threshold)
                        VALUES (:id, :partId, :vendorId, 'open', :stock, :threshold)
                        ON CONFLICT (part_id) WHERE status <> 'resolved' DO NOTHING
                        RETURNING id
                        """)
                .bind("id", UUID.randomUUID())
                .bind("partId", partId)
                .bind("vendorId", vendorId)
                .bind("stock", stock)
                .bind("threshold", threshold)
                .map(row -> row.get("id", UUID.class))
                .one()
                .flatMap(alertId -> outbox.append(new OutboxEvent(
                        Topics.INVENTORY,
                        "part",
                        partId.toString(),
                        LowStockDetected.TYPE,
                        new LowStockDetected(alertId, partId, vendorId, title, stock, threshold))));
    }

    private Mono<Void> resolve(UUID partId, UUID vendorId, int stock, int threshold) {
        return db.sql("""
                        UPDATE inventory_alerts SET status = 'resolved', resolved_at = now()
                        WHERE part_id = :partId AND status <> 'resolved'
                        RETURNING id
                        """)
                .bind("partId", partId)
                .map(row -> row.get("id", UUID.class))
                .one()
                .flatMap(alertId -> outbox.append(new OutboxEvent(
                        Topics.INVENTORY,
                        "part",
                        partId.toString(),
                        Restocked.TYPE,
                        new Restocked(alertId, partId, vendorId, stock, threshold))));
    }
}
