package com.sprocket.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.notification.Listeners;
import com.sprocket.notification.Streams;
import com.sprocket.notification.realtime.HubListener;
import com.sprocket.notification.realtime.RealtimeHub;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class NotificationsIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    RealtimeHub hub;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Test
    void a_low_stock_event_becomes_a_notification_that_is_pushed_live_and_listed() {
        TestUser vendor = TestTokens.vendor();
        List<ServerSentEvent<String>> live = new CopyOnWriteArrayList<>();
        Disposable stream = Streams.open(client, vendor, null).subscribe(live::add);
        try {
            await().until(() -> hub.openStreams() >= 1);
            Listeners.awaitAssigned(registry, HubListener.ID);
            lowStock(vendor, "Oil filter");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.stream().anyMatch(e -> "notification.created.v1".equals(e.event())));
            JsonNode page = get(vendor, "/api/notifications")
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(page.get("items")).hasSize(1);
            assertThat(page.get("items").get(0).get("title").asString()).isEqualTo("Low stock: Oil filter");
            get(vendor, "/api/notifications/unread-count")
                    .expectBody()
                    .jsonPath("$.unread")
                    .isEqualTo(1);
        } finally {
            stream.dispose();
        }
    }

    @Test
    void the_buyer_hears_of_an_orders_progress_in_the_inbox() {
        TestUser buyer = TestTokens.customer();
        String orderId = UUID.randomUUID().toString();
        for (String type : List.of("order.awaiting-payment.v1", "order.paid.v1", "order.shipped.v1")) {
            Streams.publish(
                    kafka,
                    codec,
                    "order.orders",
                    type,
                    orderId,
                    Map.of(
                            "orderId",
                            orderId,
                            "customerId",
                            buyer.id().toString(),
                            "totalMinor",
                            4990,
                            "currency",
                            "EUR",
                            "shipments",
                            List.of(Map.of("status", "shipped"), Map.of("status", "pending"))));
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(buyer, "/api/notifications")
                                .expectBody(JsonNode.class)
                                .returnResult()
                                .getResponseBody()
                                .get("items")
                                .size()
                        == 3);
        JsonNode items = get(buyer, "/api/notifications")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("items");
        assertThat(items.get(0).get("body").asString()).isEqualTo("1 of 2 shipments are on their way.");
        assertThat(items.get(2).get("body").asString()).contains("49.90 EUR");
    }

    @Test
    void users_mark_read_and_delete_only_their_own_notifications() {
        TestUser vendor = TestTokens.vendor();
        TestUser stranger = TestTokens.vendor();
        lowStock(vendor, "Spark plug");
        lowStock(vendor, "Air filter");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(vendor) == 2);
        String id = get(vendor, "/api/notifications")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("items")
                .get(0)
                .get("id")
                .asString();

        post(stranger, "/api/notifications/" + id + "/read").expectStatus().isNotFound();
        client.delete()
                .uri("/api/notifications/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, stranger.bearer())
                .exchange()
                .expectStatus()
                .isNotFound();
        post(vendor, "/api/notifications/" + id + "/read")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.readAt")
                .exists();
        get(vendor, "/api/notifications/unread-count")
                .expectBody()
                .jsonPath("$.unread")
                .isEqualTo(1);
        post(vendor, "/api/notifications/read-all")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.marked")
                .isEqualTo(1);
        client.delete()
                .uri("/api/notifications/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(count(vendor)).isEqualTo(1);
        get(vendor, "/api/notifications?limit=101").expectStatus().isBadRequest();
    }

    private void lowStock(TestUser vendor, String title) {
        Streams.publish(
                kafka,
                codec,
                "catalog.inventory",
                "inventory.low-stock-detected.v1",
                UUID.randomUUID().toString(),
                Map.of("vendorId", vendor.id().toString(), "title", title, "stock", 1, "threshold", 3));
    }

    private int count(TestUser user) {
        return get(user, "/api/notifications")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("items")
                .size();
    }

    private WebTestClient.ResponseSpec get(TestUser user, String uri) {
        return client.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange();
    }

    private WebTestClient.ResponseSpec post(TestUser user, String uri) {
        return client.post()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange();
    }
}
