package com.sprocket.catalog.part;

import static com.sprocket.catalog.CatalogFixtures.createPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.catalog.CatalogFixtures;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestEvents;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Part pages from the replica's copy: guests and customers read it, it follows changes made on other
 * replicas through their events and changes made here at once, and vendors and admins always read
 * PostgreSQL (their own writes, on any replica).
 */
@SprocketIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartCacheIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    DatabaseClient db;

    @Autowired
    PartCache cache;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    private final TestUser vendor = TestTokens.vendor();
    private final TestUser customer = TestTokens.customer();

    @BeforeAll
    void vendorMaySell() {
        CatalogFixtures.verified(db, vendor);
        await().atMost(Duration.ofSeconds(30)).until(cache::isFollowing);
    }

    @Test
    void a_change_made_on_another_replica_reaches_guests_with_its_event_and_its_vendor_at_once() {
        UUID id = createPart(client, vendor, "Brake pad set, front axle");
        assertThat(title(id, null)).isEqualTo("Brake pad set, front axle");

        // another replica changes the part: the row commits, its event is still on the way
        db.sql("UPDATE spare_parts SET title = 'Brake pad set, rear axle', version = version + 1 WHERE id = :id")
                .bind("id", id)
                .then()
                .block(Duration.ofSeconds(10));

        assertThat(title(id, null)).isEqualTo("Brake pad set, front axle");
        assertThat(title(id, customer)).isEqualTo("Brake pad set, front axle");
        assertThat(title(id, vendor)).isEqualTo("Brake pad set, rear axle");
        assertThat(title(id, TestTokens.admin())).isEqualTo("Brake pad set, rear axle");

        TestEvents.publish(kafka, codec, "catalog.parts", id.toString(), "part.updated.v1", Map.of("partId", id));
        await().atMost(Duration.ofSeconds(10)).until(() -> "Brake pad set, rear axle".equals(title(id, null)));
        assertThat(title(id, customer)).isEqualTo("Brake pad set, rear axle");
    }

    @Test
    void a_change_made_on_this_replica_reaches_guests_at_once() {
        UUID id = createPart(client, vendor, "Oil filter");
        assertThat(title(id, null)).isEqualTo("Oil filter");

        client.patch()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .header(HttpHeaders.IF_MATCH, "*")
                .bodyValue(Map.of("title", "Oil filter, spin-on"))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(title(id, null)).isEqualTo("Oil filter, spin-on");

        client.delete()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
        client.get()
                .uri("/api/catalog/parts/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void guests_read_each_change_right_after_it_while_other_guests_keep_reading_in_parallel() throws Exception {
        UUID id = createPart(client, vendor, "Wiper blade v0");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.List<java.util.concurrent.Future<Object>> reading = new java.util.ArrayList<>();
        try {
            for (int r = 0; r < 8; r++) {
                reading.add(readers.submit(() -> {
                    while (!done.get()) {
                        title(id, null); // racing every change: a read begun before it must not stay
                    }
                    return null;
                }));
            }
            for (int v = 1; v <= 15; v++) {
                client.patch()
                        .uri("/api/catalog/parts/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                        .header(HttpHeaders.IF_MATCH, "*")
                        .bodyValue(Map.of("title", "Wiper blade v" + v))
                        .exchange()
                        .expectStatus()
                        .isOk();
                assertThat(title(id, null)).isEqualTo("Wiper blade v" + v);
            }
        } finally {
            done.set(true);
            readers.shutdown();
            assertThat(readers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
        }
        for (var reader : reading) {
            reader.get(); // every parallel read answered 200 (title() asserts it)
        }
    }

    @Test
    void a_part_withdrawn_behind_the_copy_is_hidden_from_guests_after_its_event() {
        UUID id = createPart(client, vendor, "Cabin air filter");
        assertThat(title(id, null)).isEqualTo("Cabin air filter");

        db.sql("UPDATE spare_parts SET withdrawn = true, version = version + 1 WHERE id = :id")
                .bind("id", id)
                .then()
                .block(Duration.ofSeconds(10));
        TestEvents.publish(kafka, codec, "catalog.parts", id.toString(), "part.updated.v1", Map.of("partId", id));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.get()
                                .uri("/api/catalog/parts/{id}", id)
                                .exchange()
                                .returnResult(Void.class)
                                .getStatus()
                                .value()
                        == 404);
        assertThat(title(id, vendor)).isEqualTo("Cabin air filter");
    }

    private String title(UUID id, TestUser user) {
        var request = client.get().uri("/api/catalog/parts/{id}", id);
        if (user != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, user.bearer());
        }
        JsonNode part = request.exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return part.get("title").asString();
    }
}
