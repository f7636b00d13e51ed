package com.sprocket.catalog.inventory;

import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.sql.NewestFirst;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Lists and acknowledges alerts: a vendor sees their own, admins see all. */
@Service
class InventoryAlerts {

    private static final String COLUMNS =
            "id, part_id, vendor_id, status, stock, threshold, created_at, acknowledged_at, resolved_at";

    private final DatabaseClient db;

    InventoryAlerts(DatabaseClient db) {
        this.db = db;
    }

    Mono<Page<InventoryAlert>> list(CurrentUser user, String status, int limit, String after) {
        return Mono.defer(() -> {
            var spec = NewestFirst.from("SELECT " + COLUMNS + " FROM inventory_alerts", "created_at")
                    .where("vendor_id = :vendor", "vendor", user.isAdmin() ? null : user.id())
                    .where("status = :status", "status", status)
                    .after(after)
                    .page(db, limit);
            return spec.map(InventoryAlerts::toAlert)
                    .all()
                    .collectList()
                    .map(rows -> Page.of(rows, limit, alert -> Cursor.ofTimeAndId(alert.createdAt(), alert.id())));
        });
    }

    Mono<InventoryAlert> acknowledge(UUID id, CurrentUser user) {
        return find(id).switchIfEmpty(Mono.error(() -> ApiProblems.notFound("inventory alert", id)))
                .flatMap(alert -> {
                    user.requireOwnerOrAdmin(alert.vendorId(), "inventory alerts");
                    if (!alert.status().equals("open")) {
                        return Mono.error(ApiProblems.conflict(
                                "Only an open alert can be acknowledged; this one is " + alert.status() + "."));
                    }
                    return db.sql("UPDATE inventory_alerts SET status = 'acknowledged', acknowledged_at = now()"
                                    + " WHERE id = :id AND status = 'open' RETURNING " + COLUMNS)
                            .bind("id", id)
                            .map(InventoryAlerts::toAlert)
                            .one()
                            .switchIfEmpty(Mono.error(() -> ApiProblems.conflict("The alert changed meanwhile.")));
                });
    }

    private Mono<InventoryAlert> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM inventory_alerts WHERE id = :id")
                .bind("id", id)
                .map(InventoryAlerts::toAlert)
                .one();
    }

    private static InventoryAlert toAlert(Readable row) {
        return new InventoryAlert(
                row.get("id", UUID.class),
                row.get("part_id", UUID.class),
                row.get("vendor_id", UUID.class),
                row.get("status", String.class),
                row.get("stock", Integer.class),
                row.get("threshold", Integer.class),
                instant(row, "created_at"),
                instant(row, "acknowledged_at"),
                instant(row, "resolved_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
