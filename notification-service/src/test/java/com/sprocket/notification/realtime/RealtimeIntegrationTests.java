package com.sprocket.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.notification.Directories;
import com.sprocket.notification.Listeners;
import com.sprocket.notification.Streams;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
@TestPropertySource(
        properties = {
            "sprocket.notification.replay-buffer-per-channel=5",
            "sprocket.notification.max-streams-per-user=2",
            "sprocket.notification.ticket-lifetime=5s"
        })
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

    @Autowired
    DatabaseClient db;

    private Directories directory;

    @BeforeEach
    void setUp() {
        directory = new Directories(kafka, codec, db);
    }

    @Test
    void an_event_from_kafka_reaches_the_right_client_and_no_other() {
        TestUser vendor = TestTokens.vendor();
        TestUser otherVendor = TestTokens.vendor();
        List<ServerSentEvent<String>> mine = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> theirs = new CopyOnWriteArrayList<>();
        int before = hub.openStreams();
        Disposable a = Streams.open(client, vendor, null).subscribe(mine::add);
        Disposable b = Streams.open(client, otherVendor, null).subscribe(theirs::add);
        try {
            await().until(() -> hub.openStreams() >= before + 2);
            Listeners.awaitAssigned(registry, HubListener.ID);
            lowStock(vendor);

            await().atMost(Duration.ofSeconds(30)).until(() -> !mine.isEmpty());
            assertThat(mine.getFirst().event()).isEqualTo("inventory.low-stock-detected.v1");
            assertThat(mine.getFirst().data()).contains("Brake pad");
            assertThat(mine.getFirst().id()).startsWith("vendor:" + vendor.id() + "=");
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
        List<ServerSentEvent<String>> first = new CopyOnWriteArrayList<>();
        Disposable stream = Streams.open(client, user, null).subscribe(first::add);
        await().until(() -> hubHas(channel));
        publish(channel, 1);
        await().until(() -> first.size() == 1);
        stream.dispose();
        String firstId = first.getFirst().id();
        publish(channel, 2); // the channel lingers after its last stream: these wait for the reconnect
        publish(channel, 3);
        publish(channel, 4);

        List<ServerSentEvent<String>> replay = Streams.take(Streams.open(client, user, firstId), 3);

        assertThat(replay).extracting(ServerSentEvent::data).containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
    }

    @Test
    void a_gap_older_than_the_buffer_yields_a_resync() {
        TestUser user = TestTokens.customer();
        String channel = "user:" + user.id();
        List<ServerSentEvent<String>> seen = new CopyOnWriteArrayList<>();
        Disposable stream = Streams.open(client, user, null).subscribe(seen::add);
        await().until(() -> hubHas(channel));
        for (int i = 1; i <= 12; i++) {
            publish(channel, i);
        }
        await().until(() -> seen.size() == 12);
        stream.dispose();

        ServerSentEvent<String> first =
                Streams.take(Streams.open(client, user, seen.get(1).id()), 1).getFirst();

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
        client.post()
                .uri("/api/realtime/tickets")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("channels", List.of("user:" + other.id())))
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

    @Test
    void a_ticket_opens_a_stream_by_url_once_and_resumes_from_a_position_given_at_open() {
        TestUser vendor = TestTokens.vendor();
        String channel = "vendor:" + vendor.id();
        JsonNode ticket = Streams.ticket(client, vendor, null);
        assertThat(ticket.get("channels")).extracting(JsonNode::asString).contains(channel);
        String url = ticket.get("streamUrl").asString();
        assertThat(url).doesNotContain(vendor.token());

        List<ServerSentEvent<String>> first = new CopyOnWriteArrayList<>();
        Disposable stream = Streams.openByUrl(client, url).subscribe(first::add);
        await().until(() -> hubHas(channel));
        publish(channel, 1);
        await().until(() -> first.size() == 1);
        stream.dispose();
        publish(channel, 2);
        publish(channel, 3);

        client.get()
                .uri(url)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized(); // single use

        String again = Streams.ticket(client, vendor, null).get("streamUrl").asString();
        List<ServerSentEvent<String>> resumed = Streams.take(
                Streams.openByUrl(
                        client, again + "&lastEventId=" + first.getFirst().id()),
                2);
        assertThat(resumed).extracting(ServerSentEvent::data).containsExactly("{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void an_unredeemed_ticket_expires() {
        String url = Streams.ticket(client, TestTokens.customer(), null)
                .get("streamUrl")
                .asString();
        db.sql("UPDATE stream_tickets SET expires_at = now() - interval '1 second'")
                .then()
                .block();
        client.get()
                .uri(url)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void a_guest_stream_opens_only_for_a_live_guest_cart_and_unknown_tokens_hold_no_memory() {
        int channels = hub.channels();
        int streams = hub.openStreams();
        for (int i = 0; i < 200; i++) {
            String random = "guest-" + UUID.randomUUID();
            client.post()
                    .uri("/api/realtime/tickets")
                    .header("X-Cart-Token", random)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
            client.get()
                    .uri("/api/realtime/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .header("X-Cart-Token", random)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        // no unknown token left a channel or a stream behind (other tests' idle channels may be swept meanwhile)
        assertThat(hub.channels()).isLessThanOrEqualTo(channels);
        assertThat(hub.openStreams()).isLessThanOrEqualTo(streams);

        String token = directory.guestCart();
        JsonNode ticket = Streams.ticket(client, null, token);
        assertThat(ticket.get("streamUrl").asString()).doesNotContain(token);
        String channel = "guestcart:" + Directories.sha256(token);
        List<ServerSentEvent<String>> seen = new CopyOnWriteArrayList<>();
        Disposable stream =
                Streams.openByUrl(client, ticket.get("streamUrl").asString()).subscribe(seen::add);
        try {
            await().until(() -> hubHas(channel));
            publish(channel, 7);
            await().until(() -> seen.size() == 1);
        } finally {
            stream.dispose();
        }
    }

    @Test
    void a_user_gets_a_429_beyond_their_stream_limit() {
        TestUser user = TestTokens.customer();
        Disposable one = Streams.open(client, user, null).subscribe();
        Disposable two = Streams.open(client, user, null).subscribe();
        try {
            await().until(() -> hubHas("user:" + user.id()));
            await().untilAsserted(() -> client.get()
                    .uri("/api/realtime/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .header(HttpHeaders.AUTHORIZATION, user.bearer())
                    .exchange()
                    .expectStatus()
                    .isEqualTo(429)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON));
        } finally {
            one.dispose();
            two.dispose();
        }
    }

    @Test
    void a_stream_ends_when_its_token_expires() {
        UUID id = UUID.randomUUID();
        String token = TestTokens.expiringIn(id, Role.CUSTOMER, Duration.ofSeconds(3));
        TestUser user = new TestUser(id, Role.CUSTOMER, token);

        List<ServerSentEvent<String>> events =
                Streams.open(client, user, null).collectList().block(Duration.ofSeconds(30));

        assertThat(events).hasSize(1);
        assertThat(events.getFirst().event()).isEqualTo("end");
        assertThat(events.getFirst().data()).contains("expired");
    }

    @Test
    void a_deactivated_users_stream_ends_and_their_old_token_cannot_reopen_it() {
        TestUser user = TestTokens.customer();
        Listeners.awaitAssigned(registry, HubListener.ID);
        AtomicBoolean completed = new AtomicBoolean();
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        Disposable stream = Streams.open(client, user, null)
                .doOnComplete(() -> completed.set(true))
                .subscribe(events::add);
        try {
            await().until(() -> hubHas("user:" + user.id()));
            Streams.publish(
                    kafka,
                    codec,
                    "identity.users",
                    "user.deactivated.v1",
                    user.id().toString(),
                    Map.of(
                            "userId",
                            user.id().toString(),
                            "deactivatedBy",
                            UUID.randomUUID().toString()));

            await().atMost(Duration.ofSeconds(30)).until(completed::get);
            assertThat(events).extracting(ServerSentEvent::event).containsExactly("end");
            assertThat(events.getFirst().data()).contains("deactivated");
            client.get()
                    .uri("/api/realtime/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .header(HttpHeaders.AUTHORIZATION, user.bearer())
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        } finally {
            stream.dispose();
        }
    }

    @Test
    void security_events_and_unlisted_types_never_reach_a_browser() throws InterruptedException {
        TestUser user = TestTokens.customer();
        Listeners.awaitAssigned(registry, HubListener.ID);
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        Disposable stream = Streams.open(client, user, null).subscribe(events::add);
        try {
            await().until(() -> hubHas("user:" + user.id()));
            Map<String, Object> data = Map.of("userId", user.id().toString(), "locked", false);
            Streams.publish(
                    kafka,
                    codec,
                    "identity.users",
                    "user.login-failed.v1",
                    user.id().toString(),
                    data);
            Streams.publish(
                    kafka,
                    codec,
                    "identity.users",
                    "user.something-new.v1",
                    user.id().toString(),
                    data);
            Streams.publish(
                    kafka,
                    codec,
                    "identity.users",
                    "vendor.verified.v1",
                    user.id().toString(),
                    Map.of(
                            "userId",
                            user.id().toString(),
                            "verifiedBy",
                            UUID.randomUUID().toString()));

            await().atMost(Duration.ofSeconds(30)).until(() -> !events.isEmpty());
            // for a whole second after the first event, only the listed type and its notification arrive
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events)
                            .extracting(ServerSentEvent::event)
                            .as("the listed type (published last) and the notification it makes arrive; nothing else")
                            .containsOnly("vendor.verified.v1", "notification.created.v1")
                            .doesNotContain("user.login-failed.v1", "user.something-new.v1"));
        } finally {
            stream.dispose();
        }
    }

    @Test
    void an_orders_progress_reaches_its_buyer_its_vendors_and_its_channel_and_nobody_else() {
        TestUser buyer = TestTokens.customer();
        TestUser seller = TestTokens.vendor();
        TestUser stranger = TestTokens.customer();
        String orderId = UUID.randomUUID().toString();
        Map<String, Object> order = Map.of(
                "orderId",
                orderId,
                "customerId",
                buyer.id().toString(),
                "vendorIds",
                List.of(seller.id().toString(), UUID.randomUUID().toString()),
                "status",
                "placed",
                "totalMinor",
                1999,
                "currency",
                "EUR");
        Streams.publish(kafka, codec, "order.orders", "order.placed.v1", orderId, order);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.sql("SELECT count(*) AS n FROM known_orders WHERE id = '" + orderId + "'")
                                .map(row -> row.get("n", Long.class))
                                .one()
                                .block()
                        == 1);
        client.get()
                .uri("/api/realtime/stream?channels=order:{id}", orderId)
                .header("Authorization", stranger.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        List<ServerSentEvent<String>> buyers = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> sellers = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> strangers = new CopyOnWriteArrayList<>();
        int before = hub.openStreams();
        Disposable a = Streams.open(client, buyer, null, "order:" + orderId).subscribe(buyers::add);
        Disposable b = Streams.open(client, seller, null).subscribe(sellers::add);
        Disposable c = Streams.open(client, stranger, null).subscribe(strangers::add);
        try {
            await().until(() -> hub.openStreams() >= before + 3);
            Listeners.awaitAssigned(registry, HubListener.ID);
            Map<String, Object> shipped = new java.util.HashMap<>(order);
            shipped.put("status", "shipped");
            Streams.publish(kafka, codec, "order.orders", "order.shipped.v1", orderId, shipped);

            await().atMost(Duration.ofSeconds(30)).until(() -> shippedIn(buyers).size() >= 2 && !sellers.isEmpty());
            String positions = String.join(
                    ";", shippedIn(buyers).stream().map(ServerSentEvent::id).toList());
            assertThat(positions).contains("order:" + orderId + "=", "user:" + buyer.id() + "=");
            assertThat(sellers.getFirst().id()).startsWith("vendor:" + seller.id() + "=");
            await().during(Duration.ofSeconds(1)).until(strangers::isEmpty);
        } finally {
            a.dispose();
            b.dispose();
            c.dispose();
        }
    }

    @Test
    void a_guest_follows_their_order_live_with_the_order_token_and_an_unknown_token_opens_nothing() {
        String orderToken = com.sprocket.platform.security.SecretTokens.newToken();
        String hash = com.sprocket.platform.security.SecretTokens.sha256Hex(orderToken);
        String orderId = UUID.randomUUID().toString();
        Map<String, Object> order = new java.util.HashMap<>();
        order.put("orderId", orderId);
        order.put("customerId", null);
        order.put("guest", true);
        order.put("orderTokenHash", hash);
        order.put("vendorIds", List.of(UUID.randomUUID().toString()));
        order.put("status", "placed");
        Streams.publish(kafka, codec, "order.orders", "order.placed.v1", orderId, order);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.sql("SELECT count(*) AS n FROM guest_orders WHERE token_hash = '" + hash + "'")
                                .map(row -> row.get("n", Long.class))
                                .one()
                                .block()
                        == 1);
        client.post()
                .uri("/api/realtime/tickets")
                .header("X-Order-Token", com.sprocket.platform.security.SecretTokens.newToken())
                .exchange()
                .expectStatus()
                .isNotFound();

        String url = client.post()
                .uri("/api/realtime/tickets")
                .header("X-Order-Token", orderToken)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("streamUrl")
                .asString();
        List<ServerSentEvent<String>> live = new CopyOnWriteArrayList<>();
        int before = hub.openStreams();
        Disposable stream = Streams.openByUrl(client, url).subscribe(live::add);
        try {
            await().until(() -> hub.openStreams() >= before + 1);
            Listeners.awaitAssigned(registry, HubListener.ID);
            order.put("status", "shipped");
            Streams.publish(kafka, codec, "order.orders", "order.shipped.v1", orderId, order);

            await().atMost(Duration.ofSeconds(30)).until(() -> !shippedIn(live).isEmpty());
            assertThat(shippedIn(live).getFirst().id()).startsWith("guestorder:" + hash + "=");
        } finally {
            stream.dispose();
        }
    }

    private static List<ServerSentEvent<String>> shippedIn(List<ServerSentEvent<String>> events) {
        return events.stream()
                .filter(event -> "order.shipped.v1".equals(event.event()))
                .toList();
    }

    private boolean hubHas(String channel) {
        return hub.holds(channel);
    }

    private void lowStock(TestUser vendor) {
        Streams.publish(
                kafka,
                codec,
                "catalog.inventory",
                "inventory.low-stock-detected.v1",
                UUID.randomUUID().toString(),
                Map.of("vendorId", vendor.id().toString(), "title", "Brake pad", "stock", 1, "threshold", 2));
    }

    private void publish(String channel, int n) {
        hub.publish(channel, "test.event.v1", "{\"n\":" + n + "}", Instant.now());
    }
}
