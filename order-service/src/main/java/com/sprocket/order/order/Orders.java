package com.sprocket.order.order;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Orders with their lines and shipments. A read loads an order whole in one query (lines and shipments
 * aggregated as JSON); a write saves it whole in one statement (row, shipments and a history entry),
 * guarded by the version it was loaded at, so two writers can never both win.
 */
@Repository
class Orders {

    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {};
    private static final TypeReference<List<Shipment>> SHIPMENTS = new TypeReference<>() {};
    static final String SELECT = """
            SELECT o.*,
              (SELECT json_agg(json_build_object('partId', i.part_id, 'vendorId', i.vendor_id,
                        'categoryId', i.category_id, 'title', i.title, 'unitPriceMinor', i.unit_price_minor,
                        'quantity', i.quantity, 'lineMinor', i.line_minor, 'taxBp', i.tax_bp, 'taxMinor', i.tax_minor)
                        ORDER BY i.vendor_id, i.title, i.part_id)
                 FROM order_items i WHERE i.order_id = o.id) AS lines,
              (SELECT json_agg(json_build_object('vendorId', s.vendor_id, 'status', s.status,
                        'shippingMinor', s.shipping_minor, 'carrier', s.carrier, 'trackingNumber', s.tracking_number,
                        'shippedAt', s.shipped_at, 'deliveredAt', s.delivered_at) ORDER BY s.vendor_id)
                 FROM order_shipments s WHERE s.order_id = o.id) AS shipments
            FROM orders o
            """;

    private final DatabaseClient db;
    private final ObjectMapper json;

    Orders(DatabaseClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Order> find(UUID id) {
        return db.sql(SELECT + " WHERE o.id = :id")
                .bind("id", id)
                .map(this::toOrder)
                .one();
    }

    /** The order locked for the rest of the caller's transaction (saga steps and commands serialise on it). */
    Mono<Order> lock(UUID id) {
        return db.sql("SELECT id FROM orders WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(row -> row.get("id", UUID.class))
                .one()
                .flatMap(this::find);
    }

    Mono<Order> findByIdempotencyKey(String buyerKey, String idempotencyKey) {
        return db.sql(SELECT + " WHERE o.buyer_key = :buyer AND o.idempotency_key = :key")
                .bind("buyer", buyerKey)
                .bind("key", idempotencyKey)
                .map(this::toOrder)
                .one();
    }

    Mono<UUID> findByCartVersion(UUID cartId, int cartVersion) {
        return db.sql("SELECT id FROM orders WHERE cart_id = :cart AND cart_version = :version")
                .bind("cart", cartId)
                .bind("version", cartVersion)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** Orders past their payment deadline, oldest first, locked and skipped by other replicas. */
    Flux<UUID> lockOverdue(Instant now, int limit) {
        return db.sql("""
                        SELECT id FROM orders WHERE status = 'awaiting_payment' AND payment_due_at <= :now
                        ORDER BY payment_due_at LIMIT :limit FOR UPDATE SKIP LOCKED
                        """)
                .bind("now", now)
                .bind("limit", limit)
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /** Inserts a new order with its lines, shipments and first history entry, in one statement. */
    Mono<Order> insert(Order order, String note) {
        return db.sql("""
                        WITH o AS (
                          INSERT INTO orders (id, customer_id, guest_email, access_token_hash, buyer_key, idempotency_key,
                            request_hash, cart_id, cart_version, status, payment_status, currency, prices_include_tax,
                            items_minor, shipping_minor, tax_minor, total_minor, shipping_address, shipping_method,
                            version, placed_at, updated_at)
                          VALUES (:id, :customer, :email, :tokenHash, :buyer, :key, :requestHash, :cart, :cartVersion,
                            :status, :payment, :currency, :included, :items, :shipping, :tax, :total, :address, :method,
                            :version, :at, :at)
                          RETURNING id),
                        lines AS (
                          INSERT INTO order_items (order_id, part_id, vendor_id, category_id, title, unit_price_minor,
                                                   quantity, line_minor, tax_bp, tax_minor)
                          SELECT o.id, l.* FROM o, unnest(:parts::uuid[], :lineVendors::uuid[], :categories::uuid[],
                            :titles::text[], :units::bigint[], :quantities::int[], :lineTotals::bigint[], :bps::int[],
                            :taxes::bigint[]) AS l),
                        shipments AS (
                          INSERT INTO order_shipments (order_id, vendor_id, status, shipping_minor, placed_at)
                          SELECT o.id, s.vendor, 'pending', s.amount, :at
                          FROM o, unnest(:vendors::uuid[], :shippings::bigint[]) AS s(vendor, amount))
                        INSERT INTO order_status_history (order_id, version, status, payment_status, note, at)
                        SELECT o.id, :version, :status, :payment, :note, :at FROM o
                        """)
                .bind("id", order.id())
                .bind("customer", Parameter.fromOrEmpty(order.buyer().customerId(), UUID.class))
                .bind("email", Parameter.fromOrEmpty(order.buyer().guestEmail(), String.class))
                .bind("tokenHash", Parameter.fromOrEmpty(order.buyer().accessTokenHash(), String.class))
                .bind("buyer", order.origin().buyerKey())
                .bind("key", order.origin().idempotencyKey())
                .bind("requestHash", order.origin().requestHash())
                .bind("cart", order.origin().cartId())
                .bind("cartVersion", order.origin().cartVersion())
                .bind("status", order.status().code())
                .bind("payment", order.paymentStatus().code())
                .bind("currency", order.totals().currency())
                .bind("included", order.totals().pricesIncludeTax())
                .bind("items", order.totals().itemsMinor())
                .bind("shipping", order.totals().shippingMinor())
                .bind("tax", order.totals().taxMinor())
                .bind("total", order.totals().totalMinor())
                .bind("address", Json.of(json.writeValueAsString(order.shippingAddress())))
                .bind("method", order.shippingMethod())
                .bind("version", order.version())
                .bind("at", order.placedAt())
                .bind("note", note)
                .bind("parts", order.lines().stream().map(OrderLine::partId).toArray(UUID[]::new))
                .bind(
                        "lineVendors",
                        order.lines().stream().map(OrderLine::vendorId).toArray(UUID[]::new))
                .bind(
                        "categories",
                        order.lines().stream().map(OrderLine::categoryId).toArray(UUID[]::new))
                .bind("titles", order.lines().stream().map(OrderLine::title).toArray(String[]::new))
                .bind(
                        "units",
                        order.lines().stream().map(OrderLine::unitPriceMinor).toArray(Long[]::new))
                .bind(
                        "quantities",
                        order.lines().stream().map(OrderLine::quantity).toArray(Integer[]::new))
                .bind(
                        "lineTotals",
                        order.lines().stream().map(OrderLine::lineMinor).toArray(Long[]::new))
                .bind("bps", order.lines().stream().map(OrderLine::taxBp).toArray(Integer[]::new))
                .bind("taxes", order.lines().stream().map(OrderLine::taxMinor).toArray(Long[]::new))
                .bind(
                        "vendors",
                        order.shipments().stream().map(Shipment::vendorId).toArray(UUID[]::new))
                .bind(
                        "shippings",
                        order.shipments().stream().map(Shipment::shippingMinor).toArray(Long[]::new))
                .then()
                .thenReturn(order);
    }

    /**
     * Saves a changed order (status, payment, shipments) with a history entry, in one statement; the
     * update applies only if the stored version is the one before this change.
     */
    Mono<Order> save(Order order, String note) {
        return db.sql("""
                        WITH o AS (
                          UPDATE orders SET status = :status, payment_status = :payment, payment_intent_id = :intent,
                            reason = :reason, payment_due_at = :due, version = :version, updated_at = :at
                          WHERE id = :id AND version = :version - 1
                          RETURNING id),
                        shipments AS (
                          UPDATE order_shipments s SET status = n.status, carrier = n.carrier,
                            tracking_number = n.tracking, shipped_at = n.shipped::timestamptz,
                            delivered_at = n.delivered::timestamptz
                          FROM o, unnest(:vendors::uuid[], :statuses::text[], :carriers::text[], :trackings::text[],
                                         :shippedAts::text[], :deliveredAts::text[])
                            AS n(vendor, status, carrier, tracking, shipped, delivered)
                          WHERE s.order_id = o.id AND s.vendor_id = n.vendor)
                        INSERT INTO order_status_history (order_id, version, status, payment_status, note, at)
                        SELECT o.id, :version, :status, :payment, :note, :at FROM o
                        RETURNING order_id
                        """)
                .bind("id", order.id())
                .bind("status", order.status().code())
                .bind("payment", order.paymentStatus().code())
                .bind("intent", Parameter.fromOrEmpty(order.paymentIntentId(), String.class))
                .bind("reason", Parameter.fromOrEmpty(order.reason(), String.class))
                .bind("due", Parameter.fromOrEmpty(order.paymentDueAt(), Instant.class))
                .bind("version", order.version())
                .bind("at", order.updatedAt())
                .bind("note", note)
                .bind(
                        "vendors",
                        order.shipments().stream().map(Shipment::vendorId).toArray(UUID[]::new))
                .bind(
                        "statuses",
                        order.shipments().stream().map(s -> s.status().code()).toArray(String[]::new))
                .bind(
                        "carriers",
                        order.shipments().stream().map(Shipment::carrier).toArray(String[]::new))
                .bind(
                        "trackings",
                        order.shipments().stream().map(Shipment::trackingNumber).toArray(String[]::new))
                .bind(
                        "shippedAts",
                        order.shipments().stream().map(s -> text(s.shippedAt())).toArray(String[]::new))
                .bind(
                        "deliveredAts",
                        order.shipments().stream()
                                .map(s -> text(s.deliveredAt()))
                                .toArray(String[]::new))
                .map(row -> row.get("order_id", UUID.class))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "order " + order.id() + " changed under a lock; version " + order.version())))
                .thenReturn(order);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    Order toOrder(Readable row) {
        UUID customer = row.get("customer_id", UUID.class);
        Buyer buyer = customer != null
                ? Buyer.customer(customer)
                : Buyer.guest(row.get("guest_email", String.class), row.get("access_token_hash", String.class));
        Json lines = row.get("lines", Json.class);
        Json shipments = row.get("shipments", Json.class);
        return new Order(
                row.get("id", UUID.class),
                buyer,
                new Origin(
                        row.get("buyer_key", String.class),
                        row.get("idempotency_key", String.class),
                        row.get("request_hash", String.class),
                        row.get("cart_id", UUID.class),
                        row.get("cart_version", Integer.class)),
                OrderStatus.of(row.get("status", String.class)),
                PaymentStatus.of(row.get("payment_status", String.class)),
                row.get("payment_intent_id", String.class),
                new Totals(
                        row.get("currency", String.class),
                        Boolean.TRUE.equals(row.get("prices_include_tax", Boolean.class)),
                        row.get("items_minor", Long.class),
                        row.get("shipping_minor", Long.class),
                        row.get("tax_minor", Long.class),
                        row.get("total_minor", Long.class)),
                json.readValue(row.get("shipping_address", Json.class).asString(), Address.class),
                row.get("shipping_method", String.class),
                lines == null ? List.of() : json.readValue(lines.asString(), LINES),
                shipments == null ? List.of() : json.readValue(shipments.asString(), SHIPMENTS),
                row.get("reason", String.class),
                row.get("payment_due_at", Instant.class),
                row.get("version", Integer.class),
                row.get("placed_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
