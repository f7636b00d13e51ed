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
import java.util.List;
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

    @Autowired
    com.sprocket.platform.outbox.OutboxRelay relay;

    @Autowired
    com.sprocket.platform.outbox.OutboxMonitor monitor;

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
        merge(TestTokens.customer(), "a-token-whose-cart-never-had-a-line") // nothing to fold in
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lines.length()")
                .isEqualTo(0);
        client.post()
                .uri("/api/carts/merge")
                .bodyValue(Map.of("guestToken", token))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void a_merge_and_an_add_from_another_device_at_the_same_time_both_survive() {
        for (int round = 0; round < 15; round++) {
            UUID mine = part(100, 50, 1);
            UUID fromGuest = part(200, 50, 1);
            TestUser user = TestTokens.customer();
            add(user, null, mine, 1, null, null).expectStatus().isOk();
            String token = newGuest().get("guestToken").asString();
            add(null, token, fromGuest, 2, null, null).expectStatus().isOk();

            var phone = reactor.core.publisher.Mono.fromCallable(() ->
                            add(user, null, mine, 3, null, null).expectStatus().isOk())
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
            var laptop = reactor.core.publisher.Mono.fromCallable(
                            () -> merge(user, token).expectStatus().isOk())
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
            reactor.core.publisher.Mono.when(phone, laptop).block();

            JsonNode cart = current(user);
            assertThat(quantity(cart, mine))
                    .as("round %d: the add from the phone", round)
                    .isEqualTo(4);
            assertThat(quantity(cart, fromGuest))
                    .as("round %d: the merged guest line", round)
                    .isEqualTo(2);
            assertThat(cart.get("version").asInt()).isEqualTo(3);
        }
    }

    @Test
    void a_deactivated_vendors_parts_cannot_be_bought_from_a_cart_until_reactivation() {
        UUID vendor = UUID.randomUUID();
        UUID part = part(100, 50, 1, vendor);
        TestUser user = TestTokens.customer();
        add(user, null, part, 1, null, null).expectStatus().isOk();

        sendUserEvent("user.deactivated.v1", vendor);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !current(user).get("lines").get(0).get("inStock").asBoolean());
        add(user, null, part, 1, null, null).expectStatus().isEqualTo(409);

        sendUserEvent("user.reactivated.v1", vendor);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> current(user).get("lines").get(0).get("inStock").asBoolean());
        add(user, null, part, 1, null, null).expectStatus().isOk();
        assertThat(quantity(current(user), part)).isEqualTo(2);
    }

    @Test
    void an_add_to_a_cart_costs_a_handful_of_statements() {
        UUID part = part(100, 50, 1);
        TestUser user = TestTokens.customer();
        add(user, null, part, 1, null, null).expectStatus().isOk(); // creates the cart

        relay.stop(); // nothing else in this service may talk to the database while we count
        monitor.stop();
        try {
            double before = statements();
            add(user, null, part, 1, "op-" + UUID.randomUUID().toString().substring(0, 8), null)
                    .expectStatus()
                    .isOk();
            double spent = statements() - before;

            // lock the cart, read its lines, the operation id, the prices, save, the outbox event
            assertThat(spent).isLessThanOrEqualTo(6);
        } finally {
            relay.start();
            monitor.start();
        }
    }

    @Test
    void a_write_may_carry_its_expected_version_in_the_body_instead_of_if_match() {
        UUID part = part(100, 10, 1);
        TestUser user = TestTokens.customer();
        add(user, null, part, 1, null, null).expectStatus().isOk();

        addExpecting(user, part, 0).expectStatus().isEqualTo(412);
        addExpecting(user, part, 1)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2);
        client.post()
                .uri("/api/carts/current/items")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .bodyValue(Map.of("partId", part, "quantity", 1, "expectedVersion", 2))
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.delete()
                .uri("/api/carts/current/items/{part}?expectedVersion=1", part)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectStatus()
                .isEqualTo(412);
    }

    @Test
    void handing_out_guest_tokens_stores_nothing_until_the_first_item() {
        long carts = guestCarts();
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            tokens.add(newGuest().get("guestToken").asString());
        }
        assertThat(guestCarts()).isEqualTo(carts);

        add(null, tokens.getFirst(), part(100, 5, 1), 1, null, null)
                .expectStatus()
                .isOk();

        assertThat(guestCarts()).isEqualTo(carts + 1);
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
        client.get() // the token still works, for an empty cart: its lines are gone
                .uri("/api/carts/current")
                .header(CartController.TOKEN, oldToken)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lines.length()")
                .isEqualTo(0)
                .jsonPath("$.version")
                .isEqualTo(0);
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
        client.get() // a made-up token names an empty cart of its own, never someone else's
                .uri("/api/carts/current")
                .header(CartController.TOKEN, "guessed-token")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lines.length()")
                .isEqualTo(0);
        assertThat(db.sql("SELECT count(*) AS n FROM guest_carts WHERE token_hash = :h")
                        .bind("h", Shopping.hash("guessed-token"))
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .as("reading stores nothing")
                .isZero();
    }

    private WebTestClient.ResponseSpec addExpecting(TestUser user, UUID part, int version) {
        return client.post()
                .uri("/api/carts/current/items")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("partId", part, "quantity", 1, "expectedVersion", version))
                .exchange();
    }

    private JsonNode current(TestUser user) {
        return client.get()
                .uri("/api/carts/current")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static int quantity(JsonNode cart, UUID part) {
        for (JsonNode line : cart.get("lines")) {
            if (line.get("partId").asString().equals(part.toString())) {
                return line.get("quantity").asInt();
            }
        }
        return 0;
    }

    private long guestCarts() {
        return db.sql("SELECT count(*) AS n FROM guest_carts")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private static double statements() {
        return io.micrometer.core.instrument.Metrics.globalRegistry
                .get("sprocket.db.statements")
                .counter()
                .count();
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
        return part(price, stock, version, UUID.randomUUID());
    }

    private UUID part(long price, int stock, int version, UUID vendor) {
        UUID id = UUID.randomUUID();
        publish("part.created.v1", id, price, stock, version, vendor);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> prices.find(id).blockOptional().isPresent());
        return id;
    }

    private void publish(String type, UUID part, long price, int stock, int version) {
        publish(type, part, price, stock, version, UUID.randomUUID());
    }

    private void publish(String type, UUID part, long price, int stock, int version, UUID vendor) {
        Map<String, Object> data = Map.of(
                "partId",
                part.toString(),
                "vendorId",
                vendor.toString(),
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

    @Test
    void a_paid_order_removes_what_was_bought_from_the_cart_it_came_from_once() {
        UUID pads = part(1000, 10, 1);
        UUID wiper = part(500, 10, 1);
        TestUser user = TestTokens.customer();
        add(user, null, pads, 3, null, null).expectStatus().isOk();
        JsonNode cart = add(user, null, wiper, 1, null, null)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        UUID order = UUID.randomUUID();
        Map<String, Object> paid = Map.of(
                "orderId", order.toString(),
                "cartId", cart.get("id").asString(),
                "guest", false,
                "lines", List.of(Map.of("partId", pads.toString(), "quantity", 2)));

        sendOrderEvent(order, paid);
        sendOrderEvent(order, paid); // a second notice (new event id): the lines are already gone

        await().atMost(Duration.ofSeconds(20))
                .until(() -> current(user).get("version").asInt()
                        == cart.get("version").asInt() + 1);
        JsonNode after = current(user);
        assertThat(after.get("lines")).hasSize(2);
        assertThat(after.get("lines").get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(carts.await(TopicProbe.key(cart.get("id").asString()), 3)).hasSizeGreaterThanOrEqualTo(3);
    }

    private void sendOrderEvent(UUID order, Map<String, Object> data) {
        var envelope = new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                "order.paid.v1",
                "sprocket/order-service",
                order.toString(),
                Instant.now(),
                null,
                codec.toTree(data));
        kafka.send("order.orders", order.toString(), codec.write(envelope)).join();
    }

    private void sendUserEvent(String type, UUID user) {
        var envelope = new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                type,
                "sprocket/identity-service",
                user.toString(),
                Instant.now(),
                null,
                codec.toTree(Map.of(
                        "userId",
                        user.toString(),
                        "deactivatedBy",
                        UUID.randomUUID().toString())));
        try {
            kafka.send("identity.users", user.toString(), codec.write(envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
