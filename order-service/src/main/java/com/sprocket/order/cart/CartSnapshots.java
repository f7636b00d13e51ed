package com.sprocket.order.cart;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The carts read model, fed by {@link CartListener}: a cart's latest version wins. */
@Repository
public class CartSnapshots {

    private static final TypeReference<List<CartSnapshot.Line>> LINES = new TypeReference<>() {};
    private static final String COLUMNS = "cart_id, kind, owner_id, token_hash, version, lines";

    private final DatabaseClient db;
    private final ObjectMapper json;

    CartSnapshots(DatabaseClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** The signed-in user's active cart, if cart-service has published one. */
    public Mono<CartSnapshot> ofUser(UUID userId) {
        return db.sql("SELECT " + COLUMNS + " FROM cart_snapshots WHERE owner_id = :owner AND kind = 'user'"
                        + " AND status = 'active' ORDER BY updated_at DESC LIMIT 1")
                .bind("owner", userId)
                .map(this::toSnapshot)
                .one();
    }

    /** The active guest cart of a token hash. */
    public Mono<CartSnapshot> ofGuest(String tokenHash) {
        return db.sql("SELECT " + COLUMNS + " FROM cart_snapshots WHERE token_hash = :hash AND status = 'active'")
                .bind("hash", tokenHash)
                .map(this::toSnapshot)
                .one();
    }

    Mono<Void> upsert(CartSnapshot cart, String status) {
        return db.sql("""
                        INSERT INTO cart_snapshots (cart_id, kind, owner_id, token_hash, status, version, lines)
                        VALUES (:id, :kind, :owner, :hash, :status, :version, :lines)
                        ON CONFLICT (cart_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version,
                          lines = EXCLUDED.lines, owner_id = EXCLUDED.owner_id, updated_at = now()
                        WHERE cart_snapshots.version < EXCLUDED.version
                        """)
                .bind("id", cart.cartId())
                .bind("kind", cart.kind())
                .bind("owner", Parameter.fromOrEmpty(cart.ownerId(), UUID.class))
                .bind("hash", Parameter.fromOrEmpty(cart.tokenHash(), String.class))
                .bind("status", status)
                .bind("version", cart.version())
                .bind("lines", Json.of(json.writeValueAsString(cart.lines())))
                .then();
    }

    private CartSnapshot toSnapshot(Readable row) {
        return new CartSnapshot(
                row.get("cart_id", UUID.class),
                row.get("kind", String.class),
                row.get("owner_id", UUID.class),
                row.get("token_hash", String.class),
                row.get("version", Integer.class),
                json.readValue(row.get("lines", Json.class).asString(), LINES));
    }
}
