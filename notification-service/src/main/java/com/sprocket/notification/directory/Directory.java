package com.sprocket.notification.directory;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What this service knows of the other services' data, kept from their events by the inbox consumer
 * (in the transaction of the event's inbox record): users' roles and standing, parts and their
 * vendors, orders and their parties, live guest carts. Messaging and the realtime hub decide from it
 * without a synchronous call. It lags the owning service by the consumer's delay (typically well
 * under a second); a decision against it may say "not known yet".
 */
@Component
public class Directory {

    private final DatabaseClient db;
    private final EventCodec codec;

    Directory(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    /** Applies an event if it is one the directory keeps; others are ignored. */
    public Mono<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case "user.registered.v1" -> {
                Registered user = codec.data(event, Registered.class);
                yield db.sql("INSERT INTO known_users (id, role) VALUES (:id, :role)"
                                + " ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, changed_at = now()")
                        .bind("id", user.userId())
                        .bind("role", user.role())
                        .then();
            }
            case "user.role-changed.v1" -> {
                RoleChanged change = codec.data(event, RoleChanged.class);
                yield db.sql("INSERT INTO known_users (id, role) VALUES (:id, :role)"
                                + " ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, changed_at = now()")
                        .bind("id", change.userId())
                        .bind("role", change.to())
                        .then();
            }
            case "user.deactivated.v1", "user.reactivated.v1" ->
                db.sql("UPDATE known_users SET active = :active, changed_at = now() WHERE id = :id")
                        .bind("id", codec.data(event, Subject.class).userId())
                        .bind("active", event.type().equals("user.reactivated.v1"))
                        .then();
            case "part.created.v1", "part.updated.v1", "part.deleted.v1" -> {
                PartSeen part = codec.data(event, PartSeen.class);
                yield db.sql(
                                "INSERT INTO known_parts (id, vendor_id, live, version) VALUES (:id, :vendor, :live, :version)"
                                        + " ON CONFLICT (id) DO UPDATE SET vendor_id = EXCLUDED.vendor_id, live = EXCLUDED.live,"
                                        + " version = EXCLUDED.version WHERE known_parts.version <= EXCLUDED.version")
                        .bind("id", part.partId())
                        .bind("vendor", part.vendorId())
                        .bind("live", !event.type().equals("part.deleted.v1"))
                        .bind("version", part.version())
                        .then();
            }
            case "cart.changed.v1" -> {
                CartSeen cart = codec.data(event, CartSeen.class);
                if (!"guest".equals(cart.kind()) || cart.tokenHash() == null) {
                    yield Mono.empty();
                }
                yield "active".equals(cart.status())
                        ? db.sql("INSERT INTO guest_carts (token_hash, seen_at) VALUES (:hash, now())"
                                        + " ON CONFLICT (token_hash) DO UPDATE SET seen_at = now()")
                                .bind("hash", cart.tokenHash())
                                .then()
                        : db.sql("DELETE FROM guest_carts WHERE token_hash = :hash")
                                .bind("hash", cart.tokenHash())
                                .then();
            }
            case "order.placed.v1" -> {
                OrderSeen order = codec.data(event, OrderSeen.class);
                if (order.customerId() == null && order.orderTokenHash() != null) {
                    yield db.sql("INSERT INTO guest_orders (token_hash, order_id, seen_at) VALUES (:hash, :id, now())"
                                    + " ON CONFLICT (token_hash) DO NOTHING")
                            .bind("hash", order.orderTokenHash())
                            .bind("id", order.orderId())
                            .then();
                }
                yield order.customerId() == null || order.vendorIds() == null
                        ? Mono.empty() // a guest's order: no conversations, no user channel
                        : db.sql(
                                        "INSERT INTO known_orders (id, customer_id, vendor_ids) VALUES (:id, :customer, :vendors)"
                                                + " ON CONFLICT (id) DO NOTHING")
                                .bind("id", order.orderId())
                                .bind("customer", order.customerId())
                                .bind("vendors", order.vendorIds().toArray(UUID[]::new))
                                .then();
            }
            default -> Mono.empty();
        };
    }

    /** True if the user bought the order or sells in it. */
    public Mono<Boolean> isPartyTo(UUID orderId, UUID userId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM known_orders WHERE id = :id"
                        + " AND (customer_id = :user OR :user = ANY(vendor_ids))) AS yes")
                .bind("id", orderId)
                .bind("user", userId)
                .map(row -> Boolean.TRUE.equals(row.get("yes", Boolean.class)))
                .one();
    }

    /** True if the user is known as an active vendor. */
    public Mono<Boolean> isActiveVendor(UUID userId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM known_users WHERE id = :id AND role = 'vendor' AND active) AS yes")
                .bind("id", userId)
                .map(row -> Boolean.TRUE.equals(row.get("yes", Boolean.class)))
                .one();
    }

    /** True if the part exists (not deleted) and is the vendor's. */
    public Mono<Boolean> isPartOf(UUID partId, UUID vendorId) {
        return db.sql(
                        "SELECT EXISTS (SELECT 1 FROM known_parts WHERE id = :id AND vendor_id = :vendor AND live) AS yes")
                .bind("id", partId)
                .bind("vendor", vendorId)
                .map(row -> Boolean.TRUE.equals(row.get("yes", Boolean.class)))
                .one();
    }

    /** True if the order exists, is the customer's, and includes a line of the vendor. */
    public Mono<Boolean> isOrderBetween(UUID orderId, UUID customerId, UUID vendorId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM known_orders WHERE id = :id AND customer_id = :customer"
                        + " AND :vendor = ANY (vendor_ids)) AS yes")
                .bind("id", orderId)
                .bind("customer", customerId)
                .bind("vendor", vendorId)
                .map(row -> Boolean.TRUE.equals(row.get("yes", Boolean.class)))
                .one();
    }

    /** True if a guest cart with this token hash has items and has changed within {@code lifetimeSeconds}. */
    public Mono<Boolean> isLiveGuestCart(String tokenHash, long lifetimeSeconds) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM guest_carts WHERE token_hash = :hash"
                        + " AND seen_at > now() - make_interval(secs => :seconds)) AS yes")
                .bind("hash", tokenHash)
                .bind("seconds", (double) lifetimeSeconds)
                .map(row -> Boolean.TRUE.equals(row.get("yes", Boolean.class)))
                .one();
    }

    /** True if a guest order with this token hash was placed within the lifetime. */
    public Mono<Boolean> isGuestOrder(String tokenHash, long lifetimeSeconds) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM guest_orders WHERE token_hash = :hash"
                        + " AND seen_at > now() - make_interval(secs => :seconds)) AS yes")
                .bind("hash", tokenHash)
                .bind("seconds", (double) lifetimeSeconds)
                .map(row -> Boolean.TRUE.equals(row.get("yes", Boolean.class)))
                .one();
    }

    /** The fields of other services' events the directory reads (tolerant reader). */
    record Registered(UUID userId, String role) {}

    record RoleChanged(UUID userId, String to) {}

    record Subject(UUID userId) {}

    record PartSeen(UUID partId, UUID vendorId, int version) {}

    record CartSeen(String kind, String tokenHash, String status) {}

    record OrderSeen(UUID orderId, UUID customerId, java.util.List<UUID> vendorIds, String orderTokenHash) {}
}
