package com.sprocket.cart.cart;

import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Data access for both kinds of cart (the kind names the tables). */
@Repository
class Carts {

    private final DatabaseClient db;

    Carts(DatabaseClient db) {
        this.db = db;
    }

    /** The user's active cart, created on first use (one per user: a unique partial index). */
    Mono<CartRef> userCart(UUID userId) {
        return findUserCart(userId)
                .switchIfEmpty(Mono.defer(() -> db.sql(
                                "INSERT INTO user_carts (id, user_id) VALUES (:id, :user)" + " ON CONFLICT DO NOTHING")
                        .bind("id", UUID.randomUUID())
                        .bind("user", userId)
                        .then()
                        .then(findUserCart(userId))));
    }

    private Mono<CartRef> findUserCart(UUID userId) {
        return db.sql("SELECT id, version FROM user_carts WHERE user_id = :user AND status = 'active'")
                .bind("user", userId)
                .map(row -> new CartRef(
                        CartKind.USER, row.get("id", UUID.class), userId, null, row.get("version", Integer.class)))
                .one();
    }

    Mono<CartRef> guestCart(String tokenHash, boolean forUpdate) {
        return db.sql("SELECT id, version, status FROM guest_carts WHERE token_hash = :hash"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .bind("hash", tokenHash)
                .map(row -> new CartRef(
                        CartKind.GUEST, row.get("id", UUID.class), null, tokenHash, row.get("version", Integer.class)))
                .one();
    }

    Mono<String> guestStatus(UUID id) {
        return db.sql("SELECT status FROM guest_carts WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("status", String.class))
                .one();
    }

    Mono<CartRef> createGuestCart(String tokenHash) {
        UUID id = UUID.randomUUID();
        return db.sql("INSERT INTO guest_carts (id, token_hash) VALUES (:id, :hash)")
                .bind("id", id)
                .bind("hash", tokenHash)
                .then()
                .thenReturn(new CartRef(CartKind.GUEST, id, null, tokenHash, 0));
    }

    /** True the first time an operation id is seen for a cart; false for a retry. */
    Mono<Boolean> firstTime(CartRef cart, String operationId) {
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

    /** Bumps the version if it still is {@code expected} (when given); empty if someone changed the cart meanwhile. */
    Mono<Integer> bumpVersion(CartRef cart, Integer expected) {
        String activity = cart.kind() == CartKind.GUEST ? ", last_activity_at = now()" : "";
        var spec = db.sql("UPDATE " + cart.kind().carts + " SET version = version + 1, updated_at = now()" + activity
                        + " WHERE id = :id" + (expected == null ? "" : " AND version = :expected")
                        + " RETURNING version")
                .bind("id", cart.id());
        if (expected != null) {
            spec = spec.bind("expected", expected);
        }
        return spec.map(row -> row.get("version", Integer.class)).one();
    }

    Mono<Integer> versionOf(CartRef cart) {
        return db.sql("SELECT version FROM " + cart.kind().carts + " WHERE id = :id")
                .bind("id", cart.id())
                .map(row -> row.get("version", Integer.class))
                .one();
    }

    Mono<Integer> quantityOf(CartRef cart, UUID partId) {
        return db.sql("SELECT quantity FROM " + cart.kind().items + " WHERE cart_id = :cart AND part_id = :part")
                .bind("cart", cart.id())
                .bind("part", partId)
                .map(row -> row.get("quantity", Integer.class))
                .one()
                .defaultIfEmpty(0);
    }

    Mono<Long> lineCount(CartRef cart) {
        return db.sql("SELECT count(*) AS n FROM " + cart.kind().items + " WHERE cart_id = :cart")
                .bind("cart", cart.id())
                .map(row -> row.get("n", Long.class))
                .one();
    }

    /** Sets a line (inserting it at today's price when new; an existing line keeps its price-when-added). */
    Mono<Void> setLine(CartRef cart, UUID partId, int quantity, long price, String currency) {
        return db.sql("INSERT INTO " + cart.kind().items + " (cart_id, part_id, quantity, price_at_add, currency)"
                        + " VALUES (:cart, :part, :quantity, :price, :currency)"
                        + " ON CONFLICT (cart_id, part_id) DO UPDATE SET quantity = EXCLUDED.quantity")
                .bind("cart", cart.id())
                .bind("part", partId)
                .bind("quantity", quantity)
                .bind("price", price)
                .bind("currency", currency)
                .then();
    }

    Mono<Void> removeLine(CartRef cart, UUID partId) {
        return db.sql("DELETE FROM " + cart.kind().items + " WHERE cart_id = :cart AND part_id = :part")
                .bind("cart", cart.id())
                .bind("part", partId)
                .then();
    }

    Mono<Void> clear(CartRef cart) {
        return db.sql("DELETE FROM " + cart.kind().items + " WHERE cart_id = :cart")
                .bind("cart", cart.id())
                .then();
    }

    Mono<List<StoredLine>> lines(CartRef cart) {
        return db.sql(
                        "SELECT i.part_id, i.quantity, i.price_at_add, i.currency, p.title, p.price_minor, p.stock, p.available,"
                                + " p.deleted FROM " + cart.kind().items
                                + " i LEFT JOIN part_prices p ON p.part_id = i.part_id"
                                + " WHERE i.cart_id = :cart ORDER BY i.added_at, i.part_id")
                .bind("cart", cart.id())
                .map(Carts::toLine)
                .all()
                .collectList();
    }

    Mono<Boolean> alreadyMerged(UUID guestCartId) {
        return db.sql("SELECT 1 FROM cart_merges WHERE guest_cart_id = :id")
                .bind("id", guestCartId)
                .fetch()
                .one()
                .hasElement();
    }

    Mono<Void> recordMerge(UUID guestCartId, UUID userCartId) {
        return db.sql("INSERT INTO cart_merges (guest_cart_id, user_cart_id) VALUES (:guest, :user)")
                .bind("guest", guestCartId)
                .bind("user", userCartId)
                .then()
                .then(db.sql("UPDATE guest_carts SET status = 'merged' WHERE id = :id")
                        .bind("id", guestCartId)
                        .then());
    }

    private static StoredLine toLine(Readable row) {
        return new StoredLine(
                row.get("part_id", UUID.class),
                row.get("quantity", Integer.class),
                row.get("price_at_add", Long.class),
                row.get("currency", String.class),
                row.get("title", String.class),
                row.get("price_minor", Long.class),
                row.get("stock", Integer.class),
                row.get("available", Boolean.class),
                row.get("deleted", Boolean.class));
    }

    /** A line joined with the read model (the price columns are null when the part is unknown). */
    record StoredLine(
            UUID partId,
            int quantity,
            long priceAtAdd,
            String currency,
            String title,
            Long price,
            Integer stock,
            Boolean available,
            Boolean deleted) {}
}
