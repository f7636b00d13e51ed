package com.sprocket.payment.payment;

import java.util.Arrays;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The orders read model ({@code payable_orders}), fed from {@code order.orders}; a newer version always wins. */
@Repository
public class PayableOrders {

    private final DatabaseClient db;

    PayableOrders(DatabaseClient db) {
        this.db = db;
    }

    public Mono<PayableOrder> find(UUID orderId) {
        return db.sql("""
                        SELECT order_id, customer_id, order_token_hash, vendor_ids, status, total_minor, currency, version
                        FROM payable_orders WHERE order_id = :id
                        """)
                .bind("id", orderId)
                .map(row -> new PayableOrder(
                        row.get("order_id", UUID.class),
                        row.get("customer_id", UUID.class),
                        row.get("order_token_hash", String.class),
                        Arrays.asList(row.get("vendor_ids", UUID[].class)),
                        row.get("status", String.class),
                        row.get("total_minor", Long.class),
                        row.get("currency", String.class),
                        row.get("version", Integer.class)))
                .one();
    }

    /** Stores the order unless a newer version is known; true if stored. */
    public Mono<Boolean> upsert(PayableOrder order) {
        var spec = db.sql("""
                        INSERT INTO payable_orders (order_id, customer_id, order_token_hash, vendor_ids, status,
                                                    total_minor, currency, version)
                        VALUES (:id, :customer, :tokenHash, :vendors, :status, :total, :currency, :version)
                        ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, vendor_ids = EXCLUDED.vendor_ids,
                          total_minor = EXCLUDED.total_minor, version = EXCLUDED.version, updated_at = now()
                        WHERE payable_orders.version < EXCLUDED.version
                        """)
                .bind("id", order.orderId())
                .bind("vendors", order.vendorIds().toArray(UUID[]::new))
                .bind("status", order.status())
                .bind("total", order.totalMinor())
                .bind("currency", order.currency())
                .bind("version", order.version());
        spec = order.customerId() == null
                ? spec.bindNull("customer", UUID.class)
                : spec.bind("customer", order.customerId());
        spec = order.orderTokenHash() == null
                ? spec.bindNull("tokenHash", String.class)
                : spec.bind("tokenHash", order.orderTokenHash());
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }
}
