package com.sprocket.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.notification.Directories;
import com.sprocket.notification.Listeners;
import com.sprocket.notification.Streams;
import com.sprocket.notification.realtime.HubListener;
import com.sprocket.notification.realtime.RealtimeHub;
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
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
@TestPropertySource(properties = "sprocket.notification.messages-per-minute=5")
class MessagingIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    RealtimeHub hub;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Autowired
    org.springframework.kafka.core.KafkaTemplate<String, String> kafka;

    @Autowired
    com.sprocket.platform.events.EventCodec codec;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    private final TestUser customer = TestTokens.customer();
    private final TestUser vendor = TestTokens.vendor();
    private Directories directory;
    private UUID part;

    @org.junit.jupiter.api.BeforeEach
    void theVendorAndTheirPartAreKnown() {
        directory = new Directories(kafka, codec, db);
        directory.vendor(vendor);
        part = directory.part(vendor);
    }

    @Test
    void a_message_arrives_live_at_the_other_participant_and_stays_in_the_history() {
        List<ServerSentEvent<String>> vendorSees = new CopyOnWriteArrayList<>();
        Disposable stream = Streams.open(client, vendor, null).subscribe(vendorSees::add);
        try {
            await().until(() -> hub.openStreams() >= 1);
            Listeners.awaitAssigned(registry, HubListener.ID);

            String conversation = start("Is this pad set OK for a 2014 Golf?");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> vendorSees.stream()
                            .anyMatch(e -> "message.sent.v1".equals(e.event())
                                    && e.data().contains("2014 Golf")));
            send(vendor, conversation, "Yes, it fits.").expectStatus().isCreated();
            JsonNode history = messages(customer, conversation)
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(history.get("items"))
                    .extracting(m -> m.get("body").asString())
                    .containsExactly("Yes, it fits.", "Is this pad set OK for a 2014 Golf?");
            assertThat(unread(vendor)).isEqualTo(1); // the question, not yet opened by the vendor
            messages(vendor, conversation).expectStatus().isOk();
            assertThat(unread(vendor)).isZero();
        } finally {
            stream.dispose();
        }
    }

    @Test
    void only_participants_read_and_write_and_admins_moderate() {
        String conversation = start("Hello");
        TestUser stranger = TestTokens.customer();

        messages(stranger, conversation).expectStatus().isForbidden();
        send(stranger, conversation, "Hi there").expectStatus().isForbidden();

        client.get()
                .uri("/api/realtime/stream?channels=conversation:{id}", conversation)
                .header(HttpHeaders.AUTHORIZATION, stranger.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();

        JsonNode history = messages(TestTokens.admin(), conversation)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String message = history.get("items").get(0).get("id").asString();
        client.post()
                .uri("/api/messages/messages/{id}/hide", message)
                .header(HttpHeaders.AUTHORIZATION, customer.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/messages/messages/{id}/hide", message)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(messages(customer, conversation)
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody()
                        .get("items"))
                .isEmpty();
        send(TestTokens.admin(), conversation, "Support here: how can we help?")
                .expectStatus()
                .isCreated();
        assertThat(messages(customer, conversation)
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody()
                        .get("items"))
                .extracting(m -> m.get("body").asString())
                .containsExactly("Support here: how can we help?");
    }

    @Test
    void limits_message_size_and_rate_and_only_customers_start_conversations() {
        client.post()
                .uri("/api/messages/conversations")
                .header(HttpHeaders.AUTHORIZATION, customer.bearer())
                .bodyValue(Map.of("vendorId", vendor.id(), "partId", part, "text", "x".repeat(2001)))
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.post()
                .uri("/api/messages/conversations")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(Map.of("vendorId", customer.id(), "text", "hi"))
                .exchange()
                .expectStatus()
                .isForbidden();
        String conversation = start("1");
        for (int i = 2; i <= 5; i++) {
            send(customer, conversation, String.valueOf(i)).expectStatus().isCreated();
        }
        send(customer, conversation, "6").expectStatus().isEqualTo(429);
    }

    @Test
    void a_conversation_is_with_an_active_vendor_about_their_existing_part_or_a_shared_order() {
        TestUser otherVendor = TestTokens.vendor();
        directory.vendor(otherVendor);
        UUID theirPart = directory.part(otherVendor);
        TestUser otherCustomer = TestTokens.customer();
        directory.user(otherCustomer.id(), "customer");

        assertRefused(Map.of("vendorId", UUID.randomUUID(), "partId", part, "text", "hi"), "vendorId");
        assertRefused(Map.of("vendorId", otherCustomer.id(), "partId", part, "text", "hi"), "vendorId");
        assertRefused(Map.of("vendorId", vendor.id(), "partId", theirPart, "text", "hi"), "partId");
        assertRefused(Map.of("vendorId", vendor.id(), "partId", UUID.randomUUID(), "text", "hi"), "partId");
        assertRefused(Map.of("vendorId", vendor.id(), "text", "hi"), "partId");
        assertRefused(Map.of("vendorId", vendor.id(), "orderId", UUID.randomUUID(), "text", "hi"), "orderId");

        directory.deactivated(otherVendor.id());
        assertRefused(Map.of("vendorId", otherVendor.id(), "partId", theirPart, "text", "hi"), "vendorId");
        assertThat(db.sql("SELECT count(*) AS n FROM conversations WHERE customer_id = :c")
                        .bind("c", customer.id())
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero();
    }

    @Test
    void the_message_rate_limit_holds_under_parallel_sends() {
        String conversation = start("first");

        List<Integer> statuses = com.sprocket.platform.test.Parallel.run(
                16,
                i -> send(customer, conversation, "burst " + i)
                        .returnResult(Void.class)
                        .getStatus()
                        .value());

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(4);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(12);
        assertThat(db.sql("SELECT count(*) AS n FROM messages WHERE sender_id = :c")
                        .bind("c", customer.id())
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block())
                .isEqualTo(5L);
    }

    private void assertRefused(Map<String, Object> body, String field) {
        client.post()
                .uri("/api/messages/conversations")
                .header(HttpHeaders.AUTHORIZATION, customer.bearer())
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(field);
    }

    private long unread(TestUser user) {
        return client.get()
                .uri("/api/messages/conversations")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("items")
                .get(0)
                .get("unread")
                .asLong();
    }

    private String start(String text) {
        return client.post()
                .uri("/api/messages/conversations")
                .header(HttpHeaders.AUTHORIZATION, customer.bearer())
                .bodyValue(Map.of("vendorId", vendor.id(), "partId", part, "text", text))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
    }

    private WebTestClient.ResponseSpec send(TestUser user, String conversation, String text) {
        return client.post()
                .uri("/api/messages/conversations/{id}/messages", conversation)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("text", text))
                .exchange();
    }

    private WebTestClient.ResponseSpec messages(TestUser user, String conversation) {
        return client.get()
                .uri("/api/messages/conversations/{id}/messages", conversation)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange();
    }
}
