package com.sprocket.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.notification.Listeners;
import com.sprocket.notification.Streams;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

@SprocketIntegrationTest
@TestPropertySource(properties = "sprocket.notification.replay-buffer-per-channel=5")
class RealtimeIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    RealtimeHub hub;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Test
    void an_event_from_kafka_reaches_the_right_client_and_no_other() {
        TestUser vendor = TestTokens.vendor();
        TestUser otherVendor = TestTokens.vendor();
        List<ServerSentEvent<String>> mine = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> theirs = new CopyOnWriteArrayList<>();
        Disposable a = Streams.open(client, vendor, null).subscribe(mine::add);
        Disposable b = Streams.open(client, otherVendor, null).subscribe(theirs::add);
        try {
            await().until(() -> hub.openStreams() >= 2);
            Listeners.awaitAssigned(registry, HubListener.ID);
            Streams.publish(
                    kafka,
                    codec,
                    "catalog.inventory",
                    "inventory.low-stock-detected.v1",
                    UUID.randomUUID().toString(),
                    Map.of("vendorId", vendor.id().toString(), "title", "Brake pad", "stock", 1, "threshold", 2));

            await().atMost(Duration.ofSeconds(30)).until(() -> !mine.isEmpty());
            assertThat(mine.getFirst().event()).isEqualTo("inventory.low-stock-detected.v1");
            assertThat(mine.getFirst().data()).contains("Brake pad");
            assertThat(mine.getFirst().id()).isEqualTo("vendor:" + vendor.id() + "=1");
            await().during(Duration.ofSeconds(1)).until(theirs::isEmpty);
        } finally {
            a.dispose();
            b.dispose();
        }
    }

    @Test
    void a_reconnecting_client_gets_exactly_the_missed_events_in_order() {
        TestUser user = TestTokens.customer();
        String channel = "user:" + user.id();
        publish(channel, 1);
        String firstId = Streams.take(Streams.open(client, user, channel + "=0"), 1)
                .getFirst()
                .id();
        publish(channel, 2);
        publish(channel, 3);
        publish(channel, 4);

        List<ServerSentEvent<String>> replay = Streams.take(Streams.open(client, user, firstId), 3);

        assertThat(replay).extracting(ServerSentEvent::data).containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
        assertThat(replay.getLast().id()).isEqualTo(channel + "=4");
    }

    @Test
    void a_gap_older_than_the_buffer_yields_a_resync() {
        TestUser user = TestTokens.customer();
        String channel = "user:" + user.id();
        for (int i = 1; i <= 12; i++) {
            publish(channel, i);
        }

        ServerSentEvent<String> first =
                Streams.take(Streams.open(client, user, channel + "=2"), 1).getFirst();

        assertThat(first.event()).isEqualTo("resync");
        assertThat(first.data()).contains(channel);
    }

    @Test
    void a_user_cannot_subscribe_to_another_users_channel() {
        TestUser user = TestTokens.customer();
        TestUser other = TestTokens.customer();
        client.get()
                .uri("/api/realtime/stream?channels=user:{id}", other.id())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri("/api/realtime/stream?channels=vendor:{id}", user.id())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri("/api/realtime/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    private void publish(String channel, int n) {
        hub.publish(channel, "test.event.v1", "{\"n\":" + n + "}", Instant.now());
    }
}
