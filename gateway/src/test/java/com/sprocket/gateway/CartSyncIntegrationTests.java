package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.notification.realtime.HubListener;
import com.sprocket.platform.test.SprocketIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/** Live cart sync through the whole path: HTTP → cart outbox → Kafka → realtime hub → SSE, all via the gateway. */
@SprocketIntegrationTest
class CartSyncIntegrationTests {

    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};
    static Services services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = Services.start();
        services.gatewayProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Autowired
    WebTestClient gateway;

    private String part;

    @BeforeEach
    void aPartInTheCatalog() {
        JsonNode seller = session("vendor");
        services.verifyVendor(gateway, seller.get("profile").get("id").asString());
        String vendor = seller.get("accessToken").asString();
        part = gateway.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + vendor)
                .bodyValue(Map.of(
                        "title",
                        "Brake pad set",
                        "brand",
                        "Bosch",
                        "condition",
                        "new",
                        "priceMinor",
                        4999,
                        "currency",
                        "EUR",
                        "stock",
                        50))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        var hub = services.notification
                .getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer(HubListener.ID);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> hub.getAssignedPartitions() != null
                        && !hub.getAssignedPartitions().isEmpty());
    }

    @Test
    void a_change_on_one_device_arrives_at_the_users_other_devices_with_the_new_version() {
        String token = session("customer").get("accessToken").asString();
        List<ServerSentEvent<String>> phone = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> laptop = new CopyOnWriteArrayList<>();
        Disposable a = stream("Bearer " + token).subscribe(phone::add);
        Disposable b = stream("Bearer " + token).subscribe(laptop::add);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var status = gateway.post()
                        .uri("/api/carts/current/items")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .bodyValue(Map.of("partId", part, "quantity", 1, "operationId", "sync-" + UUID.randomUUID()))
                        .exchange()
                        .expectBody()
                        .returnResult()
                        .getStatus()
                        .value();
                return status == 200; // the part reaches the cart's read model through catalog.parts first
            });

            await().atMost(Duration.ofSeconds(30)).until(() -> changed(phone) && changed(laptop));
            assertThat(cartEvent(phone).data()).contains("\"version\":1").contains(part);
            assertThat(cartEvent(laptop).data()).contains("\"version\":1");
        } finally {
            a.dispose();
            b.dispose();
        }
    }

    @Test
    void a_guest_cart_syncs_to_every_device_holding_its_token_and_no_other() {
        JsonNode guest = gateway.post()
                .uri("/api/carts/guest")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String token = guest.get("guestToken").asString();
        String otherToken = gateway.post()
                .uri("/api/carts/guest")
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("guestToken")
                .asString();
        // a guest cart exists from its first item; only then may a stream follow it
        await().atMost(Duration.ofSeconds(30)).until(() -> addAsGuest(token) == 200);
        assertThat(addAsGuest(otherToken)).isEqualTo(200);
        List<ServerSentEvent<String>> tablet = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> stranger = new CopyOnWriteArrayList<>();
        Disposable a = byTicket(token).subscribe(tablet::add);
        Disposable b = byTicket(otherToken).subscribe(stranger::add);
        try {
            assertThat(addAsGuest(token)).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> changed(tablet));
            assertThat(cartEvent(tablet).data())
                    .contains("\"version\":2")
                    .contains(guest.get("id").asString());
            await().during(Duration.ofSeconds(1)).until(() -> !changed(stranger));
            gateway.get()
                    .uri("/api/realtime/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            gateway.post()
                    .uri("/api/realtime/tickets")
                    .header("X-Cart-Token", "not-a-cart-" + UUID.randomUUID())
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        } finally {
            a.dispose();
            b.dispose();
        }
    }

    private int addAsGuest(String token) {
        return gateway.post()
                .uri("/api/carts/current/items")
                .header("X-Cart-Token", token)
                .bodyValue(Map.of("partId", part, "quantity", 1))
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    /** A guest's stream as a browser opens it: a ticket for the cart token, then the stream by URL alone. */
    private reactor.core.publisher.Flux<ServerSentEvent<String>> byTicket(String cartToken) {
        String[] url = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var result = gateway.post()
                    .uri("/api/realtime/tickets")
                    .header("X-Cart-Token", cartToken)
                    .exchange()
                    .expectBody(JsonNode.class)
                    .returnResult();
            if (result.getStatus().value() != 201) {
                return false; // the hub learns of the cart from cart.carts a moment after its first item
            }
            url[0] = result.getResponseBody().get("streamUrl").asString();
            return true;
        });
        return gateway.get()
                .uri(url[0])
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody();
    }

    private reactor.core.publisher.Flux<ServerSentEvent<String>> stream(String bearer) {
        var spec = gateway.get().uri("/api/realtime/stream").accept(MediaType.TEXT_EVENT_STREAM);
        if (bearer != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, bearer);
        }
        return spec.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
    }

    private static boolean changed(List<ServerSentEvent<String>> events) {
        return events.stream().anyMatch(e -> "cart.changed.v1".equals(e.event()));
    }

    private static ServerSentEvent<String> cartEvent(List<ServerSentEvent<String>> events) {
        return events.stream()
                .filter(e -> "cart.changed.v1".equals(e.event()))
                .findFirst()
                .orElseThrow();
    }

    private JsonNode session(String type) {
        return gateway.post()
                .uri("/api/identity/register")
                .bodyValue(Map.of(
                        "email",
                        type + "-" + UUID.randomUUID() + "@example.com",
                        "password",
                        "correct horse battery",
                        "displayName",
                        "Sync",
                        "accountType",
                        type))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
