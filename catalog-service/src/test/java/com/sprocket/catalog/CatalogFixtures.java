package com.sprocket.catalog;

import com.sprocket.platform.test.TestTokens.TestUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Small factories for catalog tests: request bodies and the calls that create things. */
public final class CatalogFixtures {

    private CatalogFixtures() {}

    public static Map<String, Object> part(String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("description", "Fits most compact cars from 2010 on.");
        body.put("brand", "Bosch");
        body.put("partNumbers", List.of("0 986 494 123"));
        body.put("condition", "new");
        body.put("priceMinor", 4999);
        body.put("currency", "EUR");
        body.put("stock", 10);
        body.put("lowStockThreshold", 2);
        body.put("attributes", Map.of("position", "front"));
        return body;
    }

    public static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    public static JsonNode create(WebTestClient client, TestUser vendor, Map<String, Object> body) {
        return client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    public static UUID createPart(WebTestClient client, TestUser vendor, String title) {
        return UUID.fromString(create(client, vendor, part(title)).get("id").asString());
    }

    /**
     * Marks vendors as verified, active vendors in catalog's read model, as the {@code identity.users}
     * events of a sign-up and an admin's verification would (VendorsIntegrationTests drives the events).
     */
    public static void verified(org.springframework.r2dbc.core.DatabaseClient db, TestUser... vendors) {
        for (TestUser vendor : vendors) {
            db.sql("INSERT INTO vendors (id, is_vendor, verified, active) VALUES (:id, true, true, true)"
                            + " ON CONFLICT (id) DO UPDATE SET is_vendor = true, verified = true, active = true")
                    .bind("id", vendor.id())
                    .then()
                    .block();
        }
    }

    public static UUID createCategory(WebTestClient client, TestUser admin, UUID parent, String slug) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", slug);
        body.put("slug", slug);
        if (parent != null) {
            body.put("parentId", parent);
        }
        JsonNode created = client.post()
                .uri("/api/catalog/categories")
                .header(HttpHeaders.AUTHORIZATION, admin.bearer())
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return UUID.fromString(created.get("id").asString());
    }
}
