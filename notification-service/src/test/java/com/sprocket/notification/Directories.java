package com.sprocket.notification;

import static org.awaitility.Awaitility.await;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Test fixtures that teach the directory what other services would tell it, through the same
 * events on the same topics (so the inbox consumer is exercised), waiting until it has applied them.
 */
public record Directories(KafkaTemplate<String, String> kafka, EventCodec codec, DatabaseClient db) {

    /** A registered vendor as identity announces one. */
    public void vendor(TestUser vendor) {
        user(vendor.id(), "vendor");
    }

    public void user(UUID id, String role) {
        Streams.publish(
                kafka,
                codec,
                "identity.users",
                "user.registered.v1",
                id.toString(),
                Map.of("userId", id.toString(), "email", id + "@example.test", "role", role, "displayName", "Test"));
        awaitRow("SELECT count(*) AS n FROM known_users WHERE id = '" + id + "' AND role = '" + role + "'");
    }

    public void deactivated(UUID id) {
        Streams.publish(
                kafka,
                codec,
                "identity.users",
                "user.deactivated.v1",
                id.toString(),
                Map.of(
                        "userId",
                        id.toString(),
                        "deactivatedBy",
                        UUID.randomUUID().toString()));
        awaitRow("SELECT count(*) AS n FROM known_users WHERE id = '" + id + "' AND NOT active");
    }

    /** A part of the vendor as catalog announces one; returns its id. */
    public UUID part(TestUser vendor) {
        UUID part = UUID.randomUUID();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("partId", part.toString());
        data.put("vendorId", vendor.id().toString());
        data.put("title", "Brake disc");
        data.put("priceMinor", 4999);
        data.put("currency", "EUR");
        data.put("stock", 5);
        data.put("available", true);
        data.put("version", 0);
        data.put("changedAt", Instant.now().toString());
        Streams.publish(kafka, codec, "catalog.parts", "part.created.v1", part.toString(), data);
        awaitRow("SELECT count(*) AS n FROM known_parts WHERE id = '" + part + "'");
        return part;
    }

    /** A guest cart with an item, as cart-service announces it; returns the cart's secret token. */
    public String guestCart() {
        String token = "guest-" + UUID.randomUUID();
        UUID cart = UUID.randomUUID();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cartId", cart.toString());
        data.put("kind", "guest");
        data.put("tokenHash", sha256(token));
        data.put("version", 1);
        data.put("status", "active");
        data.put("lines", List.of(Map.of("partId", UUID.randomUUID().toString(), "quantity", 1)));
        Streams.publish(kafka, codec, "cart.carts", "cart.changed.v1", cart.toString(), data);
        awaitRow("SELECT count(*) AS n FROM guest_carts WHERE token_hash = '" + sha256(token) + "'");
        return token;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitRow(String countSql) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> db.sql(countSql)
                                .map(row -> row.get("n", Long.class))
                                .one()
                                .block()
                        > 0);
    }
}
