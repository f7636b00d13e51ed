package com.sprocket.cart.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.cart.pricing.PartPrices;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.retention.PurgeRule;
import com.sprocket.platform.retention.Retention;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class CartIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    PartPrices prices;

    @Autowired
    Retention retention;

    @Autowired
    DatabaseClient db;

    private final TopicProbe carts = TopicProbe.of("cart.carts");

    @AfterEach
    void closeProbe() {
        carts.close();
    }

    @Test
    void a_guest_cart_adds_lines_with_server_side_prices_and_publishes_each_change_with_its_version() {
        UUID part = part(1999, 10, 1);
        JsonNode guest = newGuest();
        String token = guest.get("guestToken").asString();

        JsonNode cart = add(null, token, part, 2, null, null)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(cart.get("subtotals").get("EUR").asLong()).isEqualTo(3998);
        assertThat(cart.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
        var event = carts.await(TopicProbe.key(guest.get("id").asString()), 1).getFirst();
        assertThat(TopicProbe.json(event).get("data").get("version").asInt()).isEqualTo(1);
        assertThat(TopicProbe.json(event).get("data").get("tokenHash").asString())
                .isEqualTo(Shopping.hash(token));
    }

    @Test
    void a_retried_add_with_the_same_operation_id_changes_nothing() {
        UUID part = part(500, 10, 1);
        TestUser user = TestTokens.customer();

        add(user, null, part, 1, "op-12345678", null).expectStatus().isOk();
        JsonNode retried = add(user, null, part, 1, "op-12345678", null)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(retried.get("lines").get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(retried.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void a_write_with_a_stale_if_match_gets_412() {
        UUID part = part(500, 10, 1);
        TestUser user = TestTokens.customer();
        add(user, null, part, 1, null, null).expectStatus().isOk();

        add(user, null, part, 1, null, "\"0\"").expectStatus().isEqualTo(412);
        add(user, null, part, 1, null, "\"1\"")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lines[0].quantity")
                .isEqualTo(2);
        add(user, null, part, 1, null, "*") // RFC 9110: any current version
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lines[0].quantity")
                .isEqualTo(3);
        add(user, null, part, 1, null, "\"three\"").expectStatus().isBadRequest();
    }

    @Test
    void bounds_quantities_and_refuses_unknown_or_unavailable_parts() {
        TestUser user = TestTokens.customer();
        UUID scarce = part(500, 2, 1);
        add(user, null, scarce, 100, null, null).expectStatus().isBadRequest();
        add(user, null, scarce, 3, null, null).expectStatus().isEqualTo(409);
        add(user, null, UUID.randomUUID(), 1, null, null).expectStatus().isNotFound();
        UUID soldOut = part(500, 0, 1);
        add(user, null, soldOut, 1, null, null).expectStatus().isEqualTo(409);
    }

    @Test
    void catalog_price_changes_and_deletions_show_on_cart_lines() {
        UUID part = part(1000, 10, 1);
        TestUser user = TestTokens.customer();
        add(user, null, part, 1, null, null).expectStatus().isOk();

        publish("part.updated.v1", part, 1200, 10, 2);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> prices.find(part).block().priceMinor() == 1200);
        client.get()
                .uri("/api/carts/current")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectBody()
                .jsonPath("$.lines[0].unitPriceMinor")
                .isEqualTo(1200)
                .jsonPath("$.lines[0].priceWhenAddedMinor")
                .isEqualTo(1000)
                .jsonPath("$.lines[0].priceChanged")
                .isEqualTo(true)
                .jsonPath("$.subtotals.EUR")
                .isEqualTo(1200);

        publishDeleted(part, 3);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> prices.find(part).block().deleted());
        client.get()
                .uri("/api/carts/current")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectBody()
                .jsonPath("$.lines[0].removedFromCatalog")
                .isEqualTo(true)
                .jsonPath("$.lines[0].inStock")
                .isEqualTo(false)
                .jsonPath("$.subtotals.EUR")
                .doesNotExist();
    }

    @Test
    void merge_on_login_is_deterministic_and_happens_once() {
        UUID both = part(100, 5, 1);
        UUID guestOnly = part(200, 10, 1);
        TestUser user = TestTokens.customer();
        add(user, null, both, 3, null, null).expectStatus().isOk();
        String token = newGuest().get("guestToken").asString();
        add(null, token, both, 4, null, null).expectStatus().isOk();
        add(null, token, guestOnly, 2, null, null).expectStatus().isOk();

        JsonNode merged = merge(user, token)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        JsonNode again = merge(user, token)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(merged.get("lines").get(0).get("partId").asString()).isEqualTo(both.toString());
        assertThat(merged.get("lines").get(0).get("quantity").asInt()).isEqualTo(5); // 3 + 4, capped by stock 5
        assertThat(merged.get("lines").get(1).get("partId").asString()).isEqualTo(guestOnly.toString());
        assertThat(merged.get("lines").get(1).get("quantity").asInt()).isEqualTo(2);
        assertThat(again.get("lines")).isEqualTo(merged.get("lines"));
        assertThat(again.get("version").asInt()).isEqualTo(merged.get("version").asInt());
        client.get()
                .uri("/api/carts/current")
                .header(CartController.TOKEN, token)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        merge(TestTokens.customer(), "no-such-token").expectStatus().isNotFound();
        client.post()
                .uri("/api/carts/merge")
                .bodyValue(Map.of("guestToken", token))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void expired_guest_carts_are_cleaned_and_fresh_ones_are_not() {
        UUID part = part(100, 5, 1);
        String oldToken = newGuest().get("guestToken").asString();
        add(null, oldToken, part, 1, null, null).expectStatus().isOk();
        String freshToken = newGuest().get("guestToken").asString();
        db.sql("UPDATE guest_carts SET last_activity_at = now() - interval '31 days' WHERE token_hash = :h")
                .bind("h", Shopping.hash(oldToken))
                .then()
                .block();

        long removed = retention.purge(rule("guest-carts")).block();

        assertThat(removed).isEqualTo(1);
        client.get()
                .uri("/api/carts/current")
                .header(CartController.TOKEN, oldToken)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get()
                .uri("/api/carts/current")
                .header(CartController.TOKEN, freshToken)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(db.sql(
                                "SELECT count(*) AS n FROM guest_cart_items i LEFT JOIN guest_carts c ON c.id = i.cart_id WHERE c.id IS NULL")
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    @Test
    void nobody_reaches_a_cart_that_is_not_theirs() {
        UUID part = part(100, 5, 1);
        TestUser alice = TestTokens.customer();
        TestUser bob = TestTokens.customer();
        add(alice, null, part, 1, null, null).expectStatus().isOk();

        client.get()
                .uri("/api/carts/current")
                .header(HttpHeaders.AUTHORIZATION, bob.bearer())
                .exchange()
                .expectBody()
                .jsonPath("$.lines.length()")
                .isEqualTo(0);
        client.get().uri("/api/carts/current").exchange().expectStatus().isUnauthorized();
        client.get()
                .uri("/api/carts/current")
                .header(CartController.TOKEN, "guessed-token")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private JsonNode newGuest() {
        return client.post()
                .uri("/api/carts/guest")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec add(
            TestUser user, String token, UUID part, int quantity, String operationId, String ifMatch) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partId", part);
        body.put("quantity", quantity);
        if (operationId != null) {
            body.put("operationId", operationId);
        }
        var spec = client.post().uri("/api/carts/current/items");
        if (user != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, user.bearer());
        }
        if (token != null) {
            spec = spec.header(CartController.TOKEN, token);
        }
        if (ifMatch != null) {
            spec = spec.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return spec.bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec merge(TestUser user, String token) {
        return client.post()
                .uri("/api/carts/merge")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("guestToken", token))
                .exchange();
    }

    /** A part known to the cart's read model (published as catalog would). */
    private UUID part(long price, int stock, int version) {
        UUID id = UUID.randomUUID();
        publish("part.created.v1", id, price, stock, version);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> prices.find(id).blockOptional().isPresent());
        return id;
    }

    private void publish(String type, UUID part, long price, int stock, int version) {
        Map<String, Object> data = Map.of(
                "partId",
                part.toString(),
                "vendorId",
                UUID.randomUUID().toString(),
                "title",
                "Part " + part,
                "brand",
                "Bosch",
                "priceMinor",
                price,
                "currency",
                "EUR",
                "stock",
                stock,
                "available",
                stock > 0,
                "version",
                version);
        send(type, part, data);
    }

    private void publishDeleted(UUID part, int version) {
        send(
                "part.deleted.v1",
                part,
                Map.of("partId", part.toString(), "vendorId", UUID.randomUUID().toString(), "version", version));
    }

    private void send(String type, UUID part, Map<String, Object> data) {
        var envelope = new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                type,
                "sprocket/catalog-service",
                part.toString(),
                Instant.now(),
                null,
                codec.toTree(data));
        try {
            kafka.send("catalog.parts", part.toString(), codec.write(envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private PurgeRule rule(String name) {
        return retention.rules().stream()
                .filter(rule -> rule.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
