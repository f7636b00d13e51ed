package com.sprocket.catalog.reservation;

import static com.sprocket.catalog.CatalogFixtures.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Catalog's side of the checkout saga, driven by {@code order.orders} events as order-service publishes
 * them: all-or-nothing reservations that never oversell, commits that lower stock for good, releases,
 * and redelivery that changes nothing.
 */
@SprocketIntegrationTest
class StockReservationIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    DatabaseClient db;

    private final TopicProbe inventory = TopicProbe.of("catalog.inventory");
    private final TopicProbe parts = TopicProbe.of("catalog.parts");
    private final TestUser vendor = TestTokens.vendor();

    @AfterEach
    void close() {
        inventory.close();
        parts.close();
    }

    @Test
    void a_placed_order_reserves_every_line_and_buyers_see_only_what_is_left() {
        verified(db, vendor);
        UUID pads = part(10);
        UUID filter = part(3);
        UUID order = UUID.randomUUID();

        send(order, "order.placed.v1", placed(order, UUID.randomUUID(), Map.of(pads, 4, filter, 3)));

        JsonNode reserved = answer(order);
        assertThat(reserved.get("type").asString()).isEqualTo("stock.reserved.v1");
        assertThat(Instant.parse(reserved.get("data").get("expiresAt").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(14)),
                        Instant.now().plus(Duration.ofMinutes(16)));
        JsonNode view = view(pads);
        assertThat(view.get("stock").asInt()).isEqualTo(10);
        assertThat(view.get("reserved").asInt()).isEqualTo(4);
        assertThat(view.get("available").asInt()).isEqualTo(6);
        assertThat(view(filter).get("inStock").asBoolean()).isFalse();
        var update =
                TopicProbe.json(parts.await(TopicProbe.key(pads.toString()), 2).getLast());
        assertThat(update.get("data").get("availableStock").asInt()).isEqualTo(6);
        // search is a read model fed by the part's event: it shows the reservation a moment later
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(searchInStock()).contains(pads.toString()).doesNotContain(filter.toString()));
    }

    @Test
    void the_events_a_consumer_writes_continue_the_trace_of_the_event_it_consumed() {
        verified(db, vendor);
        UUID pads = part(10);
        UUID order = UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        var record = new ProducerRecord<>(
                "order.orders",
                order.toString(),
                envelope(order, "order.placed.v1", placed(order, UUID.randomUUID(), Map.of(pads, 1))));
        record.headers()
                .add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.US_ASCII));
        kafka.send(record).join();

        var reserved = inventory.await(TopicProbe.key(order.toString()), 1).getFirst();

        assertThat(new String(reserved.headers().lastHeader("traceparent").value(), StandardCharsets.US_ASCII))
                .startsWith("00-" + traceId + "-");
    }

    @Test
    void an_order_that_cannot_be_served_whole_reserves_nothing_and_says_which_part_is_short() {
        verified(db, vendor);
        UUID plenty = part(10);
        UUID scarce = part(2);
        UUID order = UUID.randomUUID();

        send(order, "order.placed.v1", placed(order, UUID.randomUUID(), Map.of(plenty, 1, scarce, 3)));

        JsonNode rejected = answer(order);
        assertThat(rejected.get("type").asString()).isEqualTo("stock.rejected.v1");
        assertThat(rejected.get("data").get("partId").asString()).isEqualTo(scarce.toString());
        assertThat(rejected.get("data").get("available").asInt()).isEqualTo(2);
        assertThat(rejected.get("data").get("reason").asString()).contains("only 2");
        assertThat(view(plenty).get("reserved").asInt()).isZero();
        assertThat(count("SELECT count(*) AS n FROM stock_reservations WHERE order_id = '" + order + "'"))
                .isZero();
    }

    @Test
    void paying_commits_the_reservation_for_good_and_marks_the_buyer_a_verified_purchaser() {
        verified(db, vendor);
        UUID pads = part(5);
        UUID order = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        send(order, "order.placed.v1", placed(order, customer, Map.of(pads, 2)));
        answer(order);

        send(order, "order.paid.v1", placed(order, customer, Map.of(pads, 2)));
        send(order, "order.paid.v1", placed(order, customer, Map.of(pads, 2))); // a second notice, new id

        await().atMost(Duration.ofSeconds(20))
                .until(() -> view(pads).get("stock").asInt() == 3);
        JsonNode view = view(pads);
        assertThat(view.get("reserved").asInt()).isZero();
        assertThat(view.get("available").asInt()).isEqualTo(3);
        assertThat(count("SELECT count(*) AS n FROM stock_reservations WHERE order_id = '" + order
                        + "' AND status = 'committed'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) AS n FROM verified_purchases WHERE customer_id = '" + customer
                        + "' AND part_id = '" + pads + "'"))
                .isEqualTo(1);
        String buyer = TestTokens.token(customer, java.util.List.of(com.sprocket.platform.security.Role.CUSTOMER));
        client.post()
                .uri("/api/catalog/parts/{id}/reviews", pads)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + buyer)
                .bodyValue(Map.of("rating", 5, "body", "Fits perfectly"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.verifiedPurchase")
                .isEqualTo(true);
        client.post()
                .uri("/api/catalog/parts/{id}/reviews", pads)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.customer().bearer())
                .bodyValue(Map.of("rating", 2))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.verifiedPurchase")
                .isEqualTo(false);
    }

    @Test
    void cancelling_or_expiring_releases_the_stock_once() {
        verified(db, vendor);
        UUID pads = part(5);
        UUID cancelled = UUID.randomUUID();
        UUID expired = UUID.randomUUID();
        send(cancelled, "order.placed.v1", placed(cancelled, UUID.randomUUID(), Map.of(pads, 2)));
        send(expired, "order.placed.v1", placed(expired, UUID.randomUUID(), Map.of(pads, 3)));
        answer(cancelled);
        answer(expired);
        assertThat(view(pads).get("available").asInt()).isZero();

        send(cancelled, "order.cancelled.v1", placed(cancelled, null, Map.of(pads, 2)));
        send(expired, "order.expired.v1", placed(expired, null, Map.of(pads, 3)));
        send(expired, "order.expired.v1", placed(expired, null, Map.of(pads, 3)));
        send(expired, "order.paid.v1", placed(expired, null, Map.of(pads, 3))); // too late: nothing to commit

        await().atMost(Duration.ofSeconds(20))
                .until(() -> view(pads).get("available").asInt() == 5);
        assertThat(view(pads).get("stock").asInt()).isEqualTo(5);
        assertThat(count("SELECT count(*) AS n FROM stock_reservations WHERE part_id = '" + pads
                        + "' AND status = 'released'"))
                .isEqualTo(2);
    }

    @Test
    void a_paid_order_cancelled_and_refunded_before_shipping_puts_its_stock_back_once() {
        verified(db, vendor);
        UUID pads = part(5);
        UUID order = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        send(order, "order.placed.v1", placed(order, customer, Map.of(pads, 2)));
        answer(order);
        send(order, "order.paid.v1", placed(order, customer, Map.of(pads, 2)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> view(pads).get("stock").asInt() == 3);

        send(order, "order.cancelled.v1", placed(order, customer, Map.of(pads, 2)));
        send(order, "order.cancelled.v1", placed(order, customer, Map.of(pads, 2))); // a second notice

        await().atMost(Duration.ofSeconds(20))
                .until(() -> view(pads).get("stock").asInt() == 5);
        assertThat(view(pads).get("reserved").asInt()).isZero();
        assertThat(count("SELECT count(*) AS n FROM stock_reservations WHERE order_id = '" + order
                        + "' AND status = 'restocked'"))
                .isEqualTo(1);
        // the second notice found nothing left to put back
        assertThat(view(pads).get("stock").asInt()).isEqualTo(5);
    }

    @Test
    void three_hundred_orders_for_a_part_with_stock_100_reserve_exactly_100() {
        verified(db, vendor);
        UUID pads = part(100);
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            UUID order = UUID.randomUUID();
            orders.add(order);
            kafka.send(
                    "order.orders",
                    order.toString(),
                    envelope(order, "order.placed.v1", placed(order, UUID.randomUUID(), Map.of(pads, 1))));
        }
        kafka.flush();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> inventory
                                .matching(r -> orders.contains(UUID.fromString(r.key())))
                                .size()
                        == 300);
        long reserved = inventory.matching(TopicProbe.type("stock.reserved.v1")).stream()
                .filter(r -> orders.contains(UUID.fromString(r.key())))
                .count();
        assertThat(reserved).isEqualTo(100);
        JsonNode view = view(pads);
        assertThat(view.get("reserved").asInt()).isEqualTo(100);
        assertThat(view.get("available").asInt()).isZero();
    }

    @Test
    void a_vendor_cannot_lower_stock_below_what_is_reserved() {
        verified(db, vendor);
        UUID pads = part(5);
        UUID order = UUID.randomUUID();
        send(order, "order.placed.v1", placed(order, UUID.randomUUID(), Map.of(pads, 4)));
        answer(order);

        client.post()
                .uri("/api/catalog/parts/{id}/stock", pads)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(Map.of("delta", -2))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    // --- helpers

    private UUID part(int stock) {
        Map<String, Object> body = new java.util.HashMap<>(com.sprocket.catalog.CatalogFixtures.part("Brake pads"));
        body.put("stock", stock);
        JsonNode created = com.sprocket.catalog.CatalogFixtures.create(client, vendor, body);
        return UUID.fromString(created.get("id").asString());
    }

    private JsonNode answer(UUID order) {
        return TopicProbe.json(
                inventory.await(TopicProbe.key(order.toString()), 1).getFirst());
    }

    private JsonNode view(UUID part) {
        return client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private String searchInStock() {
        return client.get()
                .uri("/api/catalog/parts?vendor={v}&inStock=true&limit=100", vendor.id())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static Map<String, Object> placed(UUID order, UUID customer, Map<UUID, Integer> lines) {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("orderId", order.toString());
        data.put("customerId", customer == null ? null : customer.toString());
        data.put(
                "lines",
                lines.entrySet().stream()
                        .map(line -> Map.of(
                                "partId",
                                line.getKey().toString(),
                                "vendorId",
                                UUID.randomUUID().toString(),
                                "quantity",
                                line.getValue(),
                                "unitPrice",
                                1000))
                        .toList());
        return data;
    }

    private void send(UUID order, String type, Map<String, Object> data) {
        kafka.send("order.orders", order.toString(), envelope(order, type, data))
                .join();
    }

    private String envelope(UUID order, String type, Map<String, Object> data) {
        return codec.write(new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                type,
                "sprocket/order-service",
                order.toString(),
                Instant.now(),
                null,
                codec.toTree(data)));
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get("n", Long.class)).one().block();
    }
}
