package com.sprocket.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class OrderIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    DatabaseClient db;

    @Autowired
    PaymentDeadlines deadlines;

    private final TopicProbe orders = TopicProbe.of("order.orders");
    private final UUID vendorA = UUID.randomUUID();
    private final UUID vendorB = UUID.randomUUID();
    private UUID pads;
    private UUID filter;

    @BeforeEach
    void catalogAndZone() {
        pads = part(vendorA, 2999, 10);
        filter = part(vendorB, 899, 5);
        germany();
    }

    @AfterEach
    void closeProbe() {
        orders.close();
    }

    @Test
    void a_customer_checks_out_the_cart_version_they_saw_and_the_server_prices_it() {
        TestUser customer = TestTokens.customer();
        UUID cart = userCart(customer, 3, Map.of(pads, 2, filter, 1));

        JsonNode order = checkout(customer, null, "key-00000001", body(3))
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(order.get("status").asString()).isEqualTo("placed");
        assertThat(order.get("paymentStatus").asString()).isEqualTo("pending");
        // 19 % included: lines 59.98 + 8.99, two vendor shipments of 4.95 each
        assertThat(order.get("totals").get("itemsMinor").asLong()).isEqualTo(5998 + 899);
        assertThat(order.get("totals").get("shippingMinor").asLong()).isEqualTo(990);
        assertThat(order.get("totals").get("totalMinor").asLong()).isEqualTo(5998 + 899 + 990);
        assertThat(order.get("totals").get("taxMinor").asLong()).isEqualTo(958 + 144 + 79 + 79);
        assertThat(order.get("shipments")).hasSize(2);
        assertThat(order.get("accessToken").isNull()).isTrue();
        String id = order.get("id").asString();
        assertThat(count("SELECT count(*) AS n FROM order_items WHERE order_id = '" + id + "'"))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) AS n FROM order_status_history WHERE order_id = '" + id + "'"))
                .isEqualTo(1);
        var placed = TopicProbe.json(orders.await(TopicProbe.key(id), 1).getFirst());
        assertThat(placed.get("type").asString()).isEqualTo("order.placed.v1");
        assertThat(placed.get("data").get("cartId").asString()).isEqualTo(cart.toString());
        assertThat(placed.get("data").get("lines")).hasSize(2);
        assertThat(placed.get("data").get("lines").get(0).has("unitPrice")).isTrue();
    }

    @Test
    void a_retry_with_the_same_key_returns_the_same_order_and_another_body_with_that_key_is_refused() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(pads, 1));

        String first = id(
                checkout(customer, null, "key-00000002", body(1)).expectStatus().isCreated());
        String again = id(
                checkout(customer, null, "key-00000002", body(1)).expectStatus().isOk());
        Map<String, Object> other = body(1);
        other.put("shippingMethod", "express");
        checkout(customer, null, "key-00000002", other)
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains(first));

        assertThat(again).isEqualTo(first);
        assertThat(count("SELECT count(*) AS n FROM orders WHERE customer_id = '" + customer.id() + "'"))
                .isEqualTo(1);
    }

    @Test
    void parallel_retries_of_one_checkout_make_one_order() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(pads, 1));

        List<String> ids = com.sprocket.platform.test.Parallel.run(
                8,
                i -> id(checkout(customer, null, "key-parallel1", body(1))
                        .expectStatus()
                        .is2xxSuccessful()));

        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(count("SELECT count(*) AS n FROM orders WHERE customer_id = '" + customer.id() + "'"))
                .isEqualTo(1);
    }

    @Test
    void a_stale_cart_version_is_a_409_naming_the_current_one_and_a_version_never_seen_is_a_409_too() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 5, Map.of(pads, 1));

        checkout(customer, null, "key-00000003", body(4))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.currentVersion")
                .isEqualTo(5);
        checkout(customer, null, "key-00000004", body(9)).expectStatus().isEqualTo(409);
    }

    @Test
    void an_empty_cart_unknown_country_or_method_or_too_many_units_cannot_check_out() {
        TestUser empty = TestTokens.customer();
        userCart(empty, 2, Map.of());
        checkout(empty, null, "key-00000005", body(2)).expectStatus().isEqualTo(409);

        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(filter, 6)); // 5 available
        checkout(customer, null, "key-00000006", body(1))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("Only 5"));

        TestUser abroad = TestTokens.customer();
        userCart(abroad, 1, Map.of(pads, 1));
        Map<String, Object> toJapan = body(1);
        toJapan.put("shippingAddress", address("JP"));
        checkout(abroad, null, "key-00000007", toJapan)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("shippingAddress.country");
        Map<String, Object> unknownMethod = body(1);
        unknownMethod.put("shippingMethod", "teleport");
        checkout(abroad, null, "key-00000008", unknownMethod)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("shippingMethod");
    }

    @Test
    void vendors_do_not_buy_and_a_checkout_needs_a_key() {
        checkout(TestTokens.vendor(), null, "key-00000009", body(1))
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/orders")
                .header("Authorization", TestTokens.customer().bearer())
                .bodyValue(body(1))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void the_saga_moves_the_order_forward_only_and_ignores_repeats_and_late_news() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(pads, 1));
        String id = id(
                checkout(customer, null, "key-00000010", body(1)).expectStatus().isCreated());

        send(
                "catalog.inventory",
                id,
                "stock.reserved.v1",
                Map.of(
                        "orderId",
                        id,
                        "expiresAt",
                        Instant.now().plusSeconds(900).toString()));
        awaitStatus(customer, id, "awaiting_payment");
        send("payment.payments", id, "payment.paid.v1", Map.of("orderId", id, "paymentId", "pay_1"));
        awaitStatus(customer, id, "paid");
        var paid = TopicProbe.json(orders.await(TopicProbe.type("order.paid.v1").and(TopicProbe.key(id)), 1)
                .getFirst());
        assertThat(paid.get("data").get("paymentStatus").asString()).isEqualTo("paid");

        // the same facts again (new event ids) and late, older ones: nothing moves back
        send("payment.payments", id, "payment.paid.v1", Map.of("orderId", id, "paymentId", "pay_1"));
        send("payment.payments", id, "payment.authorised.v1", Map.of("orderId", id, "paymentId", "pay_1"));
        send("catalog.inventory", id, "stock.rejected.v1", Map.of("orderId", id, "reason", "late"));
        send("payment.payments", id, "payment.settled.v1", Map.of("orderId", id, "paymentId", "pay_1"));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        "settled".equals(get(customer, id).get("paymentStatus").asString()));
        JsonNode order = get(customer, id);
        assertThat(order.get("status").asString()).isEqualTo("paid");
        assertThat(order.get("version").asInt()).isEqualTo(4); // placed, awaiting, paid, settled
        assertThat(count("SELECT count(*) AS n FROM order_status_history WHERE order_id = '" + id + "'"))
                .isEqualTo(4);
    }

    @Test
    void catalogs_rejection_rejects_the_order_with_its_reason() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(pads, 1));
        String id = id(
                checkout(customer, null, "key-00000011", body(1)).expectStatus().isCreated());

        send("catalog.inventory", id, "stock.rejected.v1", Map.of("orderId", id, "reason", "only 0 left"));

        awaitStatus(customer, id, "rejected");
        assertThat(get(customer, id).get("reason").asString()).isEqualTo("only 0 left");
    }

    @Test
    void an_unpaid_order_expires_when_its_reservation_runs_out() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(pads, 1));
        String id = id(
                checkout(customer, null, "key-00000012", body(1)).expectStatus().isCreated());
        send(
                "catalog.inventory",
                id,
                "stock.reserved.v1",
                Map.of("orderId", id, "expiresAt", Instant.now().minusSeconds(1).toString()));
        awaitStatus(customer, id, "awaiting_payment");

        deadlines.sweep().block();

        assertThat(get(customer, id).get("status").asString()).isEqualTo("expired");
        assertThat(orders.await(TopicProbe.type("order.expired.v1").and(TopicProbe.key(id)), 1))
                .hasSize(1);
    }

    @Test
    void buyers_cancel_unpaid_orders_at_once_and_paid_ones_by_a_refund_and_nobody_else_reaches_them() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(pads, 1));
        String id = id(
                checkout(customer, null, "key-00000013", body(1)).expectStatus().isCreated());
        TestUser other = TestTokens.customer();

        client.get()
                .uri("/api/orders/{id}", id)
                .header("Authorization", other.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/orders/{id}/cancel", id)
                .header("Authorization", other.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/orders/{id}/cancel", id)
                .header("Authorization", customer.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("cancelled");
        assertThat(orders.await(TopicProbe.type("order.cancelled.v1").and(TopicProbe.key(id)), 1))
                .hasSize(1);

        TestUser payer = TestTokens.customer();
        userCart(payer, 1, Map.of(pads, 1));
        String paid =
                id(checkout(payer, null, "key-00000014", body(1)).expectStatus().isCreated());
        pay(payer, paid);
        client.post()
                .uri("/api/orders/{id}/cancel", paid)
                .header("Authorization", payer.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("paid");
        assertThat(orders.await(TopicProbe.type("order.refund-requested.v1").and(TopicProbe.key(paid)), 1))
                .hasSize(1);
        client.post()
                .uri("/api/orders/{id}/cancel", paid)
                .header("Authorization", payer.bearer())
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        send(
                "payment.payments",
                paid,
                "payment.refunded.v1",
                Map.of("orderId", paid, "paymentId", "pay_" + paid, "amountMinor", 3494, "refundedMinor", 3494));
        awaitStatus(payer, paid, "cancelled");
    }

    @Test
    void a_guest_checks_out_with_the_cart_token_and_reads_the_order_only_with_its_token() {
        String cartToken = SecretTokens.newToken();
        guestCart(cartToken, 2, Map.of(pads, 1));
        Map<String, Object> body = body(2);
        checkout(null, cartToken, "key-00000015", body).expectStatus().isBadRequest(); // no email
        body.put("email", "guest@example.com");

        JsonNode order = checkout(null, cartToken, "key-00000016", body)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String id = order.get("id").asString();
        String token = order.get("accessToken").asString();
        String replayed = checkout(null, cartToken, "key-00000016", body)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken")
                .asString();

        assertThat(replayed).isEqualTo(token);
        client.get()
                .uri("/api/orders/{id}", id)
                .header("X-Order-Token", token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.guestEmail")
                .isEqualTo("guest@example.com");
        client.get()
                .uri("/api/orders/{id}", id)
                .header("X-Order-Token", SecretTokens.newToken())
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get().uri("/api/orders/{id}", id).exchange().expectStatus().isUnauthorized();
        client.get()
                .uri("/api/orders/{id}", id)
                .header("Authorization", TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(count("SELECT count(*) AS n FROM orders WHERE id = '" + id + "' AND access_token_hash = '"
                        + SecretTokens.sha256Hex(token) + "'"))
                .as("only the token's hash is stored")
                .isEqualTo(1);
    }

    @Test
    void vendors_see_and_ship_only_their_own_part_of_an_order() {
        TestUser customer = TestTokens.customer();
        userCart(customer, 1, Map.of(pads, 1, filter, 2));
        String id = id(
                checkout(customer, null, "key-00000017", body(1)).expectStatus().isCreated());
        pay(customer, id);
        String tokenA = TestTokens.token(vendorA, List.of(com.sprocket.platform.security.Role.VENDOR));
        String tokenB = TestTokens.token(vendorB, List.of(com.sprocket.platform.security.Role.VENDOR));

        JsonNode mine = client.get()
                .uri("/api/orders/vendor")
                .header("Authorization", "Bearer " + tokenA)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(mine.get("items")).hasSize(1);
        assertThat(mine.get("items").get(0).get("lines")).hasSize(1);
        assertThat(mine.get("items").get(0).get("lines").get(0).get("partId").asString())
                .isEqualTo(pads.toString());
        assertThat(mine.get("items").get(0).has("totals")).isFalse();
        client.get()
                .uri("/api/orders/{id}", id)
                .header("Authorization", "Bearer " + tokenA)
                .exchange()
                .expectStatus()
                .isForbidden();

        ship(tokenB, id, vendorA).expectStatus().isForbidden();
        ship(tokenA, id, vendorA)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.shipment.status")
                .isEqualTo("shipped");
        ship(tokenA, id, vendorA).expectStatus().isEqualTo(409);
        assertThat(get(customer, id).get("status").asString()).isEqualTo("paid");
        ship(tokenB, id, vendorB).expectStatus().isOk();
        assertThat(get(customer, id).get("status").asString()).isEqualTo("shipped");
        client.post()
                .uri("/api/orders/{id}/shipments/{vendor}/deliver", id, vendorA)
                .header("Authorization", "Bearer " + tokenA)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(orders.await(TopicProbe.type("order.shipped.v1").and(TopicProbe.key(id)), 2))
                .hasSize(2);
    }

    @Test
    void admins_manage_zones_with_validation_and_others_may_only_read_them() {
        client.post()
                .uri("/api/orders/shipping-zones")
                .header("Authorization", TestTokens.customer().bearer())
                .bodyValue(zone("Nowhere", List.of("FR")))
                .exchange()
                .expectStatus()
                .isForbidden();
        Map<String, Object> bad = zone("Bad", List.of("france"));
        bad.put("defaultTaxBp", 20000);
        client.post()
                .uri("/api/orders/shipping-zones")
                .header("Authorization", TestTokens.admin().bearer())
                .bodyValue(bad)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
        String id = client.post()
                .uri("/api/orders/shipping-zones")
                .header("Authorization", TestTokens.admin().bearer())
                .bodyValue(zone("France", List.of("FR")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        client.put()
                .uri("/api/orders/shipping-zones/{id}", id)
                .header("Authorization", TestTokens.admin().bearer())
                .header("If-Match", "\"7\"")
                .bodyValue(zone("France", List.of("FR", "MC")))
                .exchange()
                .expectStatus()
                .isEqualTo(412);
        client.put()
                .uri("/api/orders/shipping-zones/{id}", id)
                .header("Authorization", TestTokens.admin().bearer())
                .header("If-Match", "\"1\"")
                .bodyValue(zone("France", List.of("FR", "MC")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.countries.length()")
                .isEqualTo(2);
        client.get()
                .uri("/api/orders/shipping-zones/{id}", id)
                .exchange()
                .expectStatus()
                .isOk();
        client.delete()
                .uri("/api/orders/shipping-zones/{id}", id)
                .header("Authorization", TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri("/api/orders/shipping-zones/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    // --- helpers

    private WebTestClient.ResponseSpec checkout(TestUser user, String cartToken, String key, Map<String, Object> body) {
        var request = client.post().uri("/api/orders").header("Idempotency-Key", key);
        if (user != null) {
            request = request.header("Authorization", user.bearer());
        }
        if (cartToken != null) {
            request = request.header("X-Cart-Token", cartToken);
        }
        return request.bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec ship(String token, String id, UUID vendor) {
        return client.post()
                .uri("/api/orders/{id}/shipments/{vendor}/ship", id, vendor)
                .header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("carrier", "DHL", "trackingNumber", "00340434161094042557"))
                .exchange();
    }

    private void pay(TestUser customer, String id) {
        send(
                "catalog.inventory",
                id,
                "stock.reserved.v1",
                Map.of(
                        "orderId",
                        id,
                        "expiresAt",
                        Instant.now().plusSeconds(900).toString()));
        awaitStatus(customer, id, "awaiting_payment");
        send("payment.payments", id, "payment.paid.v1", Map.of("orderId", id, "paymentId", "pay_" + id));
        awaitStatus(customer, id, "paid");
    }

    private JsonNode get(TestUser user, String id) {
        return client.get()
                .uri("/api/orders/{id}", id)
                .header("Authorization", user.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private void awaitStatus(TestUser user, String id, String status) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status.equals(get(user, id).get("status").asString()));
    }

    private static String id(WebTestClient.ResponseSpec response) {
        return response.expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
    }

    static Map<String, Object> body(int cartVersion) {
        Map<String, Object> body = new HashMap<>();
        body.put("cartVersion", cartVersion);
        body.put("shippingAddress", address("DE"));
        body.put("shippingMethod", "standard");
        return body;
    }

    static Map<String, Object> address(String country) {
        return Map.of(
                "name",
                "Ada Buyer",
                "line1",
                "Hauptstr. 1",
                "city",
                "Berlin",
                "postalCode",
                "10115",
                "country",
                country);
    }

    private void germany() {
        if (count("SELECT count(*) AS n FROM shipping_zones WHERE name = 'Germany'") == 0) {
            client.post()
                    .uri("/api/orders/shipping-zones")
                    .header("Authorization", TestTokens.admin().bearer())
                    .bodyValue(zone("Germany", List.of("DE")))
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
    }

    static Map<String, Object> zone(String name, List<String> countries) {
        Map<String, Object> zone = new HashMap<>();
        zone.put("name", name);
        zone.put("countries", countries);
        zone.put("currency", "EUR");
        zone.put("pricesIncludeTax", true);
        zone.put("defaultTaxBp", 1900);
        zone.put(
                "methods",
                List.of(
                        Map.of(
                                "code",
                                "standard",
                                "name",
                                "Standard",
                                "kind",
                                "flat",
                                "baseMinor",
                                495,
                                "rateMinor",
                                0),
                        Map.of(
                                "code",
                                "express",
                                "name",
                                "Express",
                                "kind",
                                "per_item",
                                "baseMinor",
                                995,
                                "rateMinor",
                                100)));
        return zone;
    }

    private UUID part(UUID vendor, long price, int stock) {
        UUID id = UUID.randomUUID();
        Map<String, Object> data = new HashMap<>();
        data.put("partId", id.toString());
        data.put("vendorId", vendor.toString());
        data.put("title", "Part " + id);
        data.put("priceMinor", price);
        data.put("currency", "EUR");
        data.put("stock", stock);
        data.put("reserved", 0);
        data.put("availableStock", stock);
        data.put("available", true);
        data.put("weightGrams", 500);
        data.put("version", 1);
        send("catalog.parts", id.toString(), "part.created.v1", data);
        awaitCount("SELECT count(*) AS n FROM part_offers WHERE part_id = '" + id + "'");
        return id;
    }

    private UUID userCart(TestUser user, int version, Map<UUID, Integer> lines) {
        UUID cart = UUID.randomUUID();
        publishCart(cart, "user", user.id().toString(), null, version, lines);
        return cart;
    }

    private void guestCart(String token, int version, Map<UUID, Integer> lines) {
        publishCart(UUID.randomUUID(), "guest", null, SecretTokens.sha256Hex(token), version, lines);
    }

    private void publishCart(UUID cart, String kind, String owner, String hash, int version, Map<UUID, Integer> lines) {
        Map<String, Object> data = new HashMap<>();
        data.put("cartId", cart.toString());
        data.put("kind", kind);
        data.put("ownerId", owner);
        data.put("tokenHash", hash);
        data.put("version", version);
        data.put("status", "active");
        data.put(
                "lines",
                lines.entrySet().stream()
                        .map(line -> Map.of("partId", line.getKey().toString(), "quantity", line.getValue()))
                        .toList());
        send("cart.carts", cart.toString(), "cart.changed.v1", data);
        awaitCount("SELECT count(*) AS n FROM cart_snapshots WHERE cart_id = '" + cart + "' AND version = " + version);
    }

    private void send(String topic, String key, String type, Map<String, ?> data) {
        var envelope = new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                type,
                "sprocket/test",
                key,
                Instant.now(),
                null,
                codec.toTree(data));
        try {
            kafka.send(topic, key, codec.write(envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get("n", Long.class)).one().block();
    }

    private void awaitCount(String sql) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> count(sql) > 0);
    }
}
