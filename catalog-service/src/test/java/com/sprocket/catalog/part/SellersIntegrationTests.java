package com.sprocket.catalog.part;

import static com.sprocket.catalog.CatalogFixtures.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Selling follows the vendor's standing in identity-service, learned from {@code identity.users}: an
 * applicant cannot list until verified; deactivation or demotion takes the vendor's parts off search
 * and out of carts (a {@code part.updated.v1} per part, not available), reactivation brings them back.
 */
@SprocketIntegrationTest
class SellersIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    private final TopicProbe parts = TopicProbe.of("catalog.parts");

    @AfterEach
    void close() {
        parts.close();
    }

    @Test
    void an_applicant_vendor_cannot_list_until_an_admin_verifies_them() {
        TestUser applicant = TestTokens.vendor();
        identity("user.registered.v1", Map.of("userId", applicant.id(), "role", "vendor", "email", "a@b.c"));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> create(applicant)
                        .expectStatus()
                        .isForbidden()
                        .expectBody()
                        .jsonPath("$.detail")
                        .value(detail -> assertThat((String) detail).contains("not verified")));

        identity("vendor.verified.v1", Map.of("userId", applicant.id(), "verifiedBy", UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> create(applicant).expectStatus().isCreated());
    }

    @Test
    void deactivation_withdraws_the_vendors_parts_and_reactivation_restores_them() {
        TestUser vendor = TestTokens.vendor();
        identity("user.registered.v1", Map.of("userId", vendor.id(), "role", "vendor", "email", "v@b.c"));
        identity("vendor.verified.v1", Map.of("userId", vendor.id(), "verifiedBy", UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> create(vendor).expectStatus().isCreated());
        String partId = search(vendor).get("items").get(0).get("id").asString();

        identity("user.deactivated.v1", Map.of("userId", vendor.id(), "deactivatedBy", UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(search(vendor).get("items")).isEmpty());
        client.get()
                .uri("/api/catalog/parts/{id}", partId)
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(lastAvailability(partId))
                .as("carts learn it from the part's event")
                .isFalse();
        create(vendor).expectStatus().isUnauthorized(); // the platform refuses a deactivated user's tokens
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.admin().bearer())
                .bodyValue(com.sprocket.catalog.CatalogFixtures.with(part("Clutch cable"), "vendorId", vendor.id()))
                .exchange()
                .expectStatus()
                .isForbidden(); // nor may an admin list parts for them

        identity("user.reactivated.v1", Map.of("userId", vendor.id(), "reactivatedBy", UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(search(vendor).get("items")).hasSize(1));
        assertThat(lastAvailability(partId)).isTrue();
    }

    @Test
    void a_vendor_demoted_to_customer_stops_selling() {
        TestUser vendor = TestTokens.vendor();
        identity("user.registered.v1", Map.of("userId", vendor.id(), "role", "vendor", "email", "d@b.c"));
        identity("vendor.verified.v1", Map.of("userId", vendor.id(), "verifiedBy", UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> create(vendor).expectStatus().isCreated());

        identity(
                "user.role-changed.v1",
                Map.of("userId", vendor.id(), "from", "vendor", "to", "customer", "changedBy", UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(search(vendor).get("items")).isEmpty());
    }

    private boolean lastAvailability(String partId) {
        var events = parts.await(TopicProbe.key(partId), 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> parts.matching(TopicProbe.key(partId)).size() >= 2);
        var all = parts.matching(TopicProbe.key(partId));
        return TopicProbe.json(all.getLast()).get("data").get("available").asBoolean();
    }

    private WebTestClient.ResponseSpec create(TestUser vendor) {
        return client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(part("Clutch cable"))
                .exchange();
    }

    private JsonNode search(TestUser vendor) {
        return client.get()
                .uri("/api/catalog/parts?vendor={v}", vendor.id())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private void identity(String type, Map<String, Object> data) {
        String subject = String.valueOf(data.get("userId"));
        String envelope = codec.write(new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                type,
                "sprocket/identity-service",
                subject,
                Instant.now(),
                null,
                codec.toTree(data)));
        kafka.send("identity.users", subject, envelope).join();
    }
}
