package com.sprocket.cart.cart;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Carts and their lines. A read loads a cart with all its lines in one query. A write locks the cart
 * row first and reads its lines in a second statement: in READ COMMITTED each statement sees the data
 * committed when it starts, so lines read in the locking statement itself could predate a write that
 * held the lock (another device's add) and be saved back over it. A cart is saved with all its lines
 * in one statement. Both kinds of cart share the code; the kind names the tables.
 */
@Repository
class Carts {

    private static final TypeReference<List<CartLine>> LINES = new TypeReference<>() {};
    private static final String LINES_OF = """
            (SELECT coalesce(json_agg(json_build_object('partId', i.part_id, 'quantity', i.quantity,
                      'priceAtAddMinor', i.price_at_add, 'currency', i.currency) ORDER BY i.added_at, i.part_id), '[]')
             FROM %s i WHERE i.cart_id = c.id) AS lines
            """;

    private final DatabaseClient db;
    private final ObjectMapper json;

    Carts(DatabaseClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** The user's active cart, locked for this transaction; created (empty) on first use. */
    Mono<Cart> lockUserCart(UUID userId) {
        return findUserCart(userId, true)
                .switchIfEmpty(Mono.defer(
                        () -> db.sql("INSERT INTO user_carts (id, user_id) VALUES (:id, :user) ON CONFLICT DO NOTHING")
                                .bind("id", UUID.randomUUID())
                                .bind("user", userId)
                                .then()
                                .then(findUserCart(userId, true))));
    }

    /** The user's active cart, created (empty) on first use; not locked. */
    Mono<Cart> userCart(UUID userId) {
        return findUserCart(userId, false)
                .switchIfEmpty(Mono.defer(
                        () -> db.sql("INSERT INTO user_carts (id, user_id) VALUES (:id, :user) ON CONFLICT DO NOTHING")
                                .bind("id", UUID.randomUUID())
                                .bind("user", userId)
                                .then()
                                .then(findUserCart(userId, false))));
    }

    Mono<Cart> findUserCart(UUID userId, boolean lock) {
        Mono<Cart> cart = db.sql("SELECT c.id, c.user_id, NULL::text AS token_hash, c.status, c.version, "
                        + (lock ? "'[]'::json AS lines" : LINES_OF.formatted(CartKind.USER.items))
                        + " FROM user_carts c WHERE c.user_id = :user AND c.status = 'active'"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("user", userId)
                .map(row -> toCart(row, CartKind.USER))
                .one();
        return lock ? cart.flatMap(this::withLines) : cart;
    }

    /** The guest cart of a token hash, locked; its row is created on the first write (lazily). */
    Mono<Cart> lockGuestCart(String tokenHash) {
        return findGuestCart(tokenHash, true)
                .switchIfEmpty(Mono.defer(() -> db.sql(
                                "INSERT INTO guest_carts (id, token_hash) VALUES (:id, :hash) ON CONFLICT DO NOTHING")
                        .bind("id", Cart.guestCartId(tokenHash))
                        .bind("hash", tokenHash)
                        .then()
                        .then(findGuestCart(tokenHash, true))));
    }

    /** The guest cart of a token hash; a token whose cart has no line yet has no row: an empty cart. */
    Mono<Cart> findGuestCart(String tokenHash, boolean lock) {
        Mono<Cart> cart = db.sql("SELECT c.id, NULL::uuid AS user_id, c.token_hash, c.status, c.version, "
                        + (lock ? "'[]'::json AS lines" : LINES_OF.formatted(CartKind.GUEST.items))
                        + " FROM guest_carts c WHERE c.token_hash = :hash"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("hash", tokenHash)
                .map(row -> toCart(row, CartKind.GUEST))
                .one();
        return lock ? cart.flatMap(this::withLines) : cart;
    }

    /** A cart of either kind by its id, locked for this transaction. */
    Mono<Cart> lockById(CartKind kind, UUID id) {
        String owner =
                kind == CartKind.USER ? "c.user_id, NULL::text AS token_hash" : "NULL::uuid AS user_id, c.token_hash";
        return db.sql("SELECT c.id, " + owner + ", c.status, c.version, '[]'::json AS lines FROM " + kind.carts
                        + " c WHERE c.id = :id FOR UPDATE")
                .bind("id", id)
                .map(row -> toCart(row, kind))
                .one()
                .flatMap(this::withLines);
    }

    /** The lines of a cart locked by an earlier statement of this transaction: read after the lock. */
    private Mono<Cart> withLines(Cart locked) {
        return db.sql("SELECT " + LINES_OF.formatted(locked.kind().items).replace("c.id", ":id"))
                .bind("id", locked.id())
                .map(row -> json.readValue(row.get("lines", Json.class).asString(), LINES))
                .one()
                .map(lines -> new Cart(
                        locked.id(),
                        locked.kind(),
                        locked.ownerId(),
                        locked.tokenHash(),
                        locked.status(),
                        locked.version(),
                        lines,
                        true));
    }

    /** True the first time an operation id is seen for a cart; false for a retry. */
    Mono<Boolean> firstTime(Cart cart, String operationId) {
        if (operationId == null) {
            return Mono.just(true);
        }
        return db.sql("INSERT INTO cart_operations (cart_id, operation_id) VALUES (:cart, :op) ON CONFLICT DO NOTHING")
                .bind("cart", cart.id())
                .bind("op", operationId)
                .fetch()
                .rowsUpdated()
                .map(inserted -> inserted > 0);
    }

    /** Stores the cart as it now is: its lines (upserted, the rest deleted), version and status. */
    Mono<Cart> save(Cart cart) {
        String touch = cart.kind() == CartKind.GUEST ? ", last_activity_at = now()" : "";
        return db.sql("""
                        WITH kept AS (
                          INSERT INTO %1$s (cart_id, part_id, quantity, price_at_add, currency)
                          SELECT :id, line.part_id, line.quantity, line.price, line.currency
                          FROM unnest(:parts::uuid[], :quantities::int[], :prices::bigint[], :currencies::text[])
                            AS line(part_id, quantity, price, currency)
                          ON CONFLICT (cart_id, part_id) DO UPDATE SET quantity = EXCLUDED.quantity
                          RETURNING part_id),
                        gone AS (
                          DELETE FROM %1$s WHERE cart_id = :id AND NOT (part_id = ANY(:parts::uuid[])))
                        UPDATE %2$s SET version = :version, status = :status, updated_at = now()%3$s WHERE id = :id
                        """.formatted(cart.kind().items, cart.kind().carts, touch))
                .bind("id", cart.id())
                .bind("parts", cart.lines().stream().map(CartLine::partId).toArray(UUID[]::new))
                .bind(
                        "quantities",
                        cart.lines().stream().map(CartLine::quantity).toArray(Integer[]::new))
                .bind(
                        "prices",
                        cart.lines().stream().map(CartLine::priceAtAddMinor).toArray(Long[]::new))
                .bind(
                        "currencies",
                        cart.lines().stream().map(CartLine::currency).toArray(String[]::new))
                .bind("version", cart.version())
                .bind("status", cart.status().code())
                .then()
                .thenReturn(cart);
    }

    /** Remembers which user cart a guest cart went into. */
    Mono<Void> recordMerge(Cart guest, Cart target) {
        return db.sql(
                        "INSERT INTO cart_merges (guest_cart_id, user_cart_id) VALUES (:guest, :user) ON CONFLICT DO NOTHING")
                .bind("guest", guest.id())
                .bind("user", target.id())
                .then();
    }

    private Cart toCart(Readable row, CartKind kind) {
        List<CartLine> lines = json.readValue(row.get("lines", Json.class).asString(), LINES);
        return new Cart(
                row.get("id", UUID.class),
                kind,
                row.get("user_id", UUID.class),
                row.get("token_hash", String.class),
                Cart.Status.valueOf(row.get("status", String.class).toUpperCase(java.util.Locale.ROOT)),
                row.get("version", Integer.class),
                lines,
                true);
    }
}
