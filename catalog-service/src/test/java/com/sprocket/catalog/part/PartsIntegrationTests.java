package com.sprocket.catalog.part;

import static com.sprocket.catalog.CatalogFixtures.create;
import static com.sprocket.catalog.CatalogFixtures.createPart;
import static com.sprocket.catalog.CatalogFixtures.part;
import static com.sprocket.catalog.CatalogFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.outbox.OutboxRelay;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class PartsIntegrationTests {

    @org.junit.jupiter.api.BeforeEach
    void vendorsMaySell() {
        com.sprocket.catalog.CatalogFixtures.verified(sellerDb, vendor, otherVendor);
    }

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient sellerDb;

    @Autowired
    WebTestClient client;

    @Autowired
    OutboxRelay relay;

    private final TestUser vendor = TestTokens.vendor();
    private final TestUser otherVendor = TestTokens.vendor();
    private final TopicProbe parts = TopicProbe.of("catalog.parts");

    @AfterEach
    void closeProbe() {
        parts.close();
    }

    @Test
    void vendor_creates_a_part_and_its_created_event_is_published_once() {
        JsonNode created = create(client, vendor, part("Front brake pad set"));

        String id = created.get("id").asString();
        assertThat(created.get("vendorId").asString()).isEqualTo(vendor.id().toString());
        assertThat(created.get("price").get("amountMinor").asLong()).isEqualTo(4999);
        assertThat(created.get("inStock").asBoolean()).isTrue();
        assertThat(created.get("attributes").get("position").asString()).isEqualTo("front");

        ConsumerRecord<String, String> event =
                parts.await(TopicProbe.key(id), 1).getFirst();
        assertThat(TopicProbe.field(event, "type")).isEqualTo("part.created.v1");
        JsonNode data = TopicProbe.json(event).get("data");
        assertThat(data.get("priceMinor").asLong()).isEqualTo(4999);
        assertThat(data.get("available").asBoolean()).isTrue();
        await().during(Duration.ofSeconds(1))
                .until(() -> parts.matching(TopicProbe.key(id)).size() == 1);
    }

    @Test
    void anyone_reads_a_part_and_an_unknown_part_is_404() {
        UUID id = createPart(client, vendor, "Oil filter");

        client.get()
                .uri("/api/catalog/parts/{id}", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"0\"");
        client.get()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/api/catalog/parts/{id}", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get()
                .uri("/api/catalog/parts/not-a-uuid")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void rejects_invalid_parts_with_field_level_problems() {
        Map<String, Object> bad =
                with(with(with(part("ab"), "priceMinor", -1), "currency", "euro"), "condition", "new");
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(bad)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(400)
                .jsonPath("$.errors[?(@.field == 'title')].message")
                .exists()
                .jsonPath("$.errors[?(@.field == 'priceMinor')].message")
                .exists()
                .jsonPath("$.errors[?(@.field == 'currency')].message")
                .isEqualTo("must be an ISO 4217 code such as EUR")
                .jsonPath("$.trace")
                .doesNotExist();
    }

    @Test
    void rejects_malformed_json_an_unknown_condition_and_an_unknown_category_as_400() {
        post(vendor, "{\"title\":")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .exists();
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(with(part("Spark plug"), "condition", "broken"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(with(part("Spark plug"), "categoryId", UUID.randomUUID()))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("categoryId");
    }

    @Test
    void rejects_a_body_over_the_size_limit_with_413() {
        String huge = "{\"title\":\"" + "x".repeat(300 * 1024) + "\"}";
        post(vendor, huge).expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void text_is_validated_as_it_is_stored_so_a_padded_short_title_is_a_400_not_a_409() {
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(with(part("x"), "title", "  ab"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("title");
        JsonNode trimmed = create(client, vendor, with(part("x"), "title", "  Brake disc  "));
        assertThat(trimmed.get("title").asString()).isEqualTo("Brake disc");
    }

    @Test
    void attribute_values_must_be_present_scalars_so_a_null_or_nested_value_is_a_400_not_a_500() {
        Map<String, Object> nullValue = new java.util.HashMap<>();
        nullValue.put("x", null);
        for (Object attributes : List.of(nullValue, Map.of("x", Map.of("deep", 1)), Map.of("x", List.of(1)))) {
            client.post()
                    .uri("/api/catalog/parts")
                    .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                    .bodyValue(with(part("Spark plug"), "attributes", attributes))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .value(field -> assertThat((String) field).startsWith("attributes"));
        }
        JsonNode fine =
                create(client, vendor, with(part("Spark plug"), "attributes", Map.of("weightGrams", 120, "oem", true)));
        assertThat(fine.get("attributes").get("weightGrams").asInt()).isEqualTo(120);
    }

    @Test
    void if_match_star_accepts_any_current_version() {
        UUID id = createPart(client, vendor, "Fuel filter");
        patch(vendor, id, Map.of("priceMinor", 100)).expectStatus().isOk();

        client.patch()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .header(HttpHeaders.IF_MATCH, "*")
                .bodyValue(Map.of("priceMinor", 200))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"");
        client.patch()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .header(HttpHeaders.IF_MATCH, "version-two")
                .bodyValue(Map.of("priceMinor", 300))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void vendor_updates_own_part_and_the_change_is_published_with_the_new_price() {
        UUID id = createPart(client, vendor, "Air filter");

        client.patch()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .header(HttpHeaders.IF_MATCH, "\"0\"")
                .bodyValue(Map.of("priceMinor", 3999))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody()
                .jsonPath("$.price.amountMinor")
                .isEqualTo(3999)
                .jsonPath("$.title")
                .isEqualTo("Air filter");

        List<ConsumerRecord<String, String>> events = parts.await(TopicProbe.key(id.toString()), 2);
        assertThat(TopicProbe.field(events.get(1), "type")).isEqualTo("part.updated.v1");
        assertThat(TopicProbe.json(events.get(1)).get("data").get("priceMinor").asLong())
                .isEqualTo(3999);
    }

    @Test
    void a_stale_if_match_gets_412_and_changes_nothing() {
        UUID id = createPart(client, vendor, "Wiper blade");
        patch(vendor, id, Map.of("priceMinor", 100)).expectStatus().isOk();

        client.patch()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .header(HttpHeaders.IF_MATCH, "\"0\"")
                .bodyValue(Map.of("priceMinor", 200))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PRECONDITION_FAILED);

        client.get()
                .uri("/api/catalog/parts/{id}", id)
                .exchange()
                .expectBody()
                .jsonPath("$.price.amountMinor")
                .isEqualTo(100);
    }

    @Test
    void vendor_cannot_touch_another_vendors_part() {
        UUID id = createPart(client, vendor, "Timing belt");

        patch(otherVendor, id, Map.of("priceMinor", 1)).expectStatus().isForbidden();
        client.delete()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, otherVendor.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/catalog/parts/{id}/stock", id)
                .header(HttpHeaders.AUTHORIZATION, otherVendor.bearer())
                .bodyValue(Map.of("delta", -5))
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, otherVendor.bearer())
                .bodyValue(with(part("Sneaky part"), "vendorId", vendor.id()))
                .exchange()
                .expectStatus()
                .isForbidden();

        client.get()
                .uri("/api/catalog/parts/{id}", id)
                .exchange()
                .expectBody()
                .jsonPath("$.price.amountMinor")
                .isEqualTo(4999);
    }

    @Test
    void admins_manage_every_vendors_parts() {
        TestUser admin = TestTokens.admin();
        JsonNode created = create(client, admin, with(part("Clutch kit"), "vendorId", vendor.id()));
        UUID id = UUID.fromString(created.get("id").asString());
        assertThat(created.get("vendorId").asString()).isEqualTo(vendor.id().toString());

        patch(admin, id, Map.of("title", "Clutch kit, heavy duty"))
                .expectStatus()
                .isOk();
        patch(TestTokens.superAdmin(), id, Map.of("priceMinor", 12000))
                .expectStatus()
                .isOk();
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, admin.bearer())
                .bodyValue(part("No vendor given"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("vendorId");
    }

    @Test
    void guests_and_customers_cannot_write_parts() {
        UUID id = createPart(client, vendor, "Headlight bulb");

        client.post()
                .uri("/api/catalog/parts")
                .bodyValue(part("Guest part"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post(TestTokens.customer(), "{}")
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        patch(TestTokens.customer(), id, Map.of("priceMinor", 1)).expectStatus().isForbidden();
    }

    @Test
    void deleting_a_part_hides_it_and_publishes_part_deleted() {
        UUID id = createPart(client, vendor, "Fuel pump");

        client.delete()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .exchange()
                .expectStatus()
                .isNoContent();

        client.get()
                .uri("/api/catalog/parts/{id}", id)
                .exchange()
                .expectStatus()
                .isNotFound();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !parts.matching(TopicProbe.key(id.toString()).and(TopicProbe.type("part.deleted.v1")))
                        .isEmpty());
    }

    @Test
    void a_part_committed_while_the_relay_was_down_is_published_exactly_once_when_it_returns() {
        relay.stop(); // the process died after the commit and before the publish
        try {
            UUID id = createPart(client, vendor, "Starter motor");
            await().during(Duration.ofSeconds(1))
                    .until(() -> parts.matching(TopicProbe.key(id.toString())).isEmpty());

            relay.start(); // the replacement process starts its relay

            parts.await(TopicProbe.key(id.toString()), 1);
            await().during(Duration.ofSeconds(2))
                    .until(() -> parts.matching(TopicProbe.key(id.toString())).size() == 1);
        } finally {
            if (!relay.isRunning()) {
                relay.start();
            }
        }
    }

    @Test
    void the_trace_of_the_request_travels_on_with_the_event() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        JsonNode created = client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .bodyValue(part("Traced part"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        ConsumerRecord<String, String> event =
                parts.await(TopicProbe.key(created.get("id").asString()), 1).getFirst();

        assertThat(new String(event.headers().lastHeader("traceparent").value()))
                .startsWith("00-" + traceId + "-");
    }

    static Stream<String> badTokens() {
        UUID user = UUID.randomUUID();
        return Stream.of(
                TestTokens.expired(user, Role.VENDOR),
                TestTokens.signedByStranger(user, Role.VENDOR),
                TestTokens.wrongIssuer(user, Role.VENDOR),
                TestTokens.wrongAudience(user, Role.VENDOR),
                TestTokens.unsigned(user, Role.VENDOR),
                TestTokens.tampered(user),
                "not-a-jwt");
    }

    @ParameterizedTest
    @MethodSource("badTokens")
    void rejects_bad_tokens_with_401(String token) {
        client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .bodyValue(part("Should not exist"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private WebTestClient.ResponseSpec post(TestUser user, String json) {
        return client.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private WebTestClient.ResponseSpec patch(TestUser user, UUID id, Map<String, Object> body) {
        return client.patch()
                .uri("/api/catalog/parts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(body)
                .exchange();
    }
}
