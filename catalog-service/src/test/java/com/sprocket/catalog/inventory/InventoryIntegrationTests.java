package com.sprocket.catalog.inventory;

import static com.sprocket.catalog.CatalogFixtures.create;
import static com.sprocket.catalog.CatalogFixtures.part;
import static com.sprocket.catalog.CatalogFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class InventoryIntegrationTests {

    @org.junit.jupiter.api.BeforeEach
    void vendorsMaySell() {
        com.sprocket.catalog.CatalogFixtures.verified(sellerDb, vendor, otherVendor);
    }

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient sellerDb;

    @Autowired
    WebTestClient client;

    private final TestUser vendor = TestTokens.vendor();
    private final TestUser otherVendor = TestTokens.vendor();
    private final TopicProbe inventory = TopicProbe.of("catalog.inventory");

    @AfterEach
    void closeProbe() {
        inventory.close();
    }

    @Test
    void stock_falling_to_the_threshold_raises_one_alert_and_one_low_stock_event() {
        UUID part = partWithStock(10, 3);

        adjust(vendor, part, -7)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.stock")
                .isEqualTo(3);
        adjust(vendor, part, -1).expectStatus().isOk();

        List<ConsumerRecord<String, String>> events = inventory.await(TopicProbe.key(part.toString()), 1);
        assertThat(events).hasSize(1);
        JsonNode data = TopicProbe.json(events.getFirst()).get("data");
        assertThat(TopicProbe.field(events.getFirst(), "type")).isEqualTo("inventory.low-stock-detected.v1");
        assertThat(data.get("stock").asInt()).isEqualTo(3);
        assertThat(data.get("vendorId").asString()).isEqualTo(vendor.id().toString());

        JsonNode alerts = alerts(vendor, "open");
        assertThat(alerts.get("items")).hasSize(1);
        assertThat(alerts.get("items").get(0).get("partId").asString()).isEqualTo(part.toString());
    }

    @Test
    void vendor_acknowledges_own_alert_and_a_restock_resolves_it() {
        UUID part = partWithStock(1, 2);
        String alertId = alerts(vendor, "open").get("items").get(0).get("id").asString();

        client.post()
                .uri("/api/catalog/inventory/alerts/{id}/acknowledge", alertId)
                .header(HttpHeaders.AUTHORIZATION, otherVendor.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/catalog/inventory/alerts/{id}/acknowledge", alertId)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("acknowledged");
        client.post()
                .uri("/api/catalog/inventory/alerts/{id}/acknowledge", alertId)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .exchange()
                .expectStatus()
                .isEqualTo(409);

        adjust(vendor, part, 20).expectStatus().isOk();

        inventory.await(TopicProbe.key(part.toString()).and(TopicProbe.type("inventory.restocked.v1")), 1);
        assertThat(alerts(vendor, "resolved").get("items").get(0).get("id").asString())
                .isEqualTo(alertId);
        assertThat(alerts(vendor, "open").get("items")).isEmpty();
    }

    @Test
    void vendors_see_only_their_own_alerts_and_admins_see_all() {
        partWithStock(0, 1);
        UUID theirs = UUID.fromString(create(
                        client, otherVendor, with(with(part("Other"), "stock", 0), "lowStockThreshold", 1))
                .get("id")
                .asString());

        assertThat(alerts(vendor, null).get("items"))
                .allSatisfy(alert -> assertThat(alert.get("vendorId").asString())
                        .isEqualTo(vendor.id().toString()));
        assertThat(alerts(TestTokens.admin(), null).get("items").toString()).contains(theirs.toString());
        client.get()
                .uri("/api/catalog/inventory/alerts")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri("/api/catalog/inventory/alerts")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void stock_cannot_fall_below_zero_and_adjustments_are_bounded() {
        UUID part = partWithStock(2, 0);

        adjust(vendor, part, -3).expectStatus().isEqualTo(409);
        client.post()
                .uri("/api/catalog/parts/{id}/stock", part)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(Map.of("delta", 5_000_000))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("delta");
        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.stock")
                .isEqualTo(2);
    }

    private UUID partWithStock(int stock, int threshold) {
        return UUID.fromString(create(
                        client, vendor, with(with(part("Brake hose"), "stock", stock), "lowStockThreshold", threshold))
                .get("id")
                .asString());
    }

    private WebTestClient.ResponseSpec adjust(TestUser user, UUID part, int delta) {
        return client.post()
                .uri("/api/catalog/parts/{id}/stock", part)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("delta", delta, "reason", "count"))
                .exchange();
    }

    private JsonNode alerts(TestUser user, String status) {
        return client.get()
                .uri(uri -> {
                    uri.path("/api/catalog/inventory/alerts");
                    return status == null
                            ? uri.build()
                            : uri.queryParam("status", status).build();
                })
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
