package com.sprocket.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    private final TestUser customer = TestTokens.customer();
    private final TestUser vendor = TestTokens.vendor();

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
        send(TestTokens.admin(), conversation, "Admin speaking").expectStatus().isForbidden();
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
    }

    @Test
    void limits_message_size_and_rate_and_only_customers_start_conversations() {
        client.post()
                .uri("/api/messages/conversations")
                .header(HttpHeaders.AUTHORIZATION, customer.bearer())
                .bodyValue(Map.of("vendorId", vendor.id(), "text", "x".repeat(2001)))
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
                .bodyValue(Map.of("vendorId", vendor.id(), "text", text))
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
