package com.sprocket.catalog.part;

import static com.sprocket.catalog.CatalogFixtures.createCategory;
import static com.sprocket.catalog.CatalogFixtures.part;
import static com.sprocket.catalog.CatalogFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.catalog.CatalogFixtures;
import com.sprocket.catalog.search.LuceneSearch;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** A vendor's catalogue upload: all parts or none, each published, searchable at once, never twice. */
@SprocketIntegrationTest
class PartImportsIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    DatabaseClient db;

    @Autowired
    LuceneSearch search;

    private final TestUser vendor = TestTokens.vendor();
    private final TestUser otherVendor = TestTokens.vendor();
    private final TopicProbe events = TopicProbe.of("catalog.parts");

    @BeforeEach
    void vendorsMaySell() {
        CatalogFixtures.verified(db, vendor, otherVendor);
        await().atMost(Duration.ofSeconds(30)).until(search::ready);
    }

    @AfterEach
    void closeProbe() {
        events.close();
    }

    @Test
    void a_vendor_uploads_parts_that_are_created_in_order_published_once_each_and_searchable_at_once() {
        String marker = "Zephyrine" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100_000);
        List<Map<String, Object>> parts = List.of(
                part(marker + " brake pad set"),
                with(part(marker + " oil filter"), "stock", 1),
                part(marker + " spark plug"));

        JsonNode made = upload(vendor, "upload-" + UUID.randomUUID(), parts)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(made.get("count").asInt()).isEqualTo(3);
        List<String> ids = new ArrayList<>();
        made.get("partIds").forEach(id -> ids.add(id.asString()));
        List<String> titles = new ArrayList<>();
        for (String id : ids) {
            JsonNode part = partById(id);
            titles.add(part.get("title").asString());
            assertThat(part.get("vendorId").asString()).isEqualTo(vendor.id().toString());
        }
        assertThat(titles).containsExactly(marker + " brake pad set", marker + " oil filter", marker + " spark plug");
        for (String id : ids) {
            assertThat(TopicProbe.field(events.await(TopicProbe.key(id), 1).getFirst(), "type"))
                    .isEqualTo("part.created.v1");
        }
        // the oil filter's stock (1) is at its threshold (2): its alert is raised as for a single create
        assertThat(count(
                        "SELECT count(*) AS n FROM inventory_alerts WHERE part_id = :value",
                        UUID.fromString(ids.get(1))))
                .isEqualTo(1L);
        // this replica indexed them before answering
        JsonNode found = get("/api/catalog/parts?q=" + marker);
        assertThat(found.get("items")).hasSize(3);
        await().during(Duration.ofSeconds(1))
                .until(() -> ids.stream()
                        .allMatch(id -> events.matching(TopicProbe.key(id)).size() == 1));
    }

    @Test
    void a_retry_with_the_same_key_answers_the_same_parts_and_another_body_under_that_key_is_422() {
        String key = "upload-" + UUID.randomUUID();
        List<Map<String, Object>> parts = List.of(part("Retried wiper blade"), part("Retried mirror"));

        JsonNode first = upload(vendor, key, parts)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        JsonNode again = upload(vendor, key, parts)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(again).isEqualTo(first);
        assertThat(countByTitle("Retried wiper blade")).isEqualTo(1);
        upload(vendor, key, List.of(part("Something else"))).expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        // keys are per user: another vendor's same key is a new upload
        upload(otherVendor, key, parts).expectStatus().isCreated();
        assertThat(countByTitle("Retried wiper blade")).isEqualTo(2);
    }

    @Test
    void a_retry_whose_attributes_come_in_another_order_is_the_same_upload() {
        String key = "upload-" + UUID.randomUUID();
        String first = """
                {"parts": [{"title": "Ordered brake hose", "brand": "ATE", "partNumbers": ["24.5125-0259.3"],
                  "condition": "new", "priceMinor": 1299, "currency": "EUR", "stock": 3, "lowStockThreshold": 1,
                  "attributes": {"vehicle": "Golf VII", "warrantyMonths": 24, "side": "left"}}]}""";
        String reordered = """
                {"parts": [{"attributes": {"side": "left", "warrantyMonths": 24, "vehicle": "Golf VII"},
                  "lowStockThreshold": 1, "stock": 3, "currency": "EUR", "priceMinor": 1299, "condition": "new",
                  "partNumbers": ["24.5125-0259.3"], "brand": "ATE", "title": "Ordered brake hose"}]}""";

        JsonNode created = rawUpload(key, first)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        JsonNode replayed = rawUpload(key, reordered)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(replayed).isEqualTo(created);
        assertThat(countByTitle("Ordered brake hose")).isEqualTo(1);
    }

    private WebTestClient.ResponseSpec rawUpload(String key, String json) {
        return client.post()
                .uri("/api/catalog/parts/imports")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .header("Idempotency-Key", key)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    @Test
    void parallel_uploads_with_one_key_create_the_parts_once() throws Exception {
        String key = "upload-" + UUID.randomUUID();
        String title = "Parallel clutch kit " + UUID.randomUUID();
        List<Map<String, Object>> parts = List.of(part(title));
        List<Callable<JsonNode>> calls = IntStream.range(0, 8)
                .<Callable<JsonNode>>mapToObj(i -> () -> upload(vendor, key, parts)
                        .expectStatus()
                        .is2xxSuccessful()
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody())
                .toList();

        var answers = new HashSet<JsonNode>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
        }

        assertThat(answers).hasSize(1);
        assertThat(countByTitle(title)).isEqualTo(1);
    }

    @Test
    void one_bad_part_rejects_the_whole_upload_naming_the_part_and_nothing_is_created_or_published() {
        String title = "Half upload " + UUID.randomUUID();
        UUID unknownCategory = UUID.randomUUID();

        JsonNode invalid = upload(
                        vendor, "upload-" + UUID.randomUUID(), List.of(part(title), with(part(title), "title", "")))
                .expectStatus()
                .isBadRequest()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(invalid.toString()).contains("parts[1].title");

        JsonNode unknown = upload(
                        vendor,
                        "upload-" + UUID.randomUUID(),
                        List.of(part(title), with(part(title), "categoryId", unknownCategory)))
                .expectStatus()
                .isBadRequest()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(unknown.toString()).contains("parts[1].categoryId").contains("is not an existing category");

        assertThat(countByTitle(title)).isZero();
        assertThat(count("SELECT count(*) AS n FROM outbox WHERE envelope::text LIKE :value", "%" + title + "%"))
                .isZero();
        assertThat(count("SELECT count(*) AS n FROM part_imports WHERE owner_key = :value", "user:" + vendor.id()))
                .as("a rejected upload leaves its key unused")
                .isZero();
    }

    @Test
    void uploads_are_bounded_and_need_a_sane_key() {
        List<Map<String, Object>> tooMany = IntStream.range(0, ImportParts.MAX + 1)
                .mapToObj(i -> part("Part " + i))
                .toList();
        upload(vendor, "upload-" + UUID.randomUUID(), tooMany)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("parts");
        upload(vendor, "upload-" + UUID.randomUUID(), List.of()).expectStatus().isBadRequest();
        upload(vendor, "short", List.of(part("Key too short")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("Idempotency-Key");
        client.post()
                .uri("/api/catalog/parts/imports")
                .header(HttpHeaders.AUTHORIZATION, vendor.bearer())
                .bodyValue(Map.of("parts", List.of(part("No key"))))
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(countByTitle("Key too short") + countByTitle("No key")).isZero();
    }

    @Test
    void only_vendors_for_themselves_and_admins_naming_each_vendor_may_upload() {
        String key = "upload-" + UUID.randomUUID();
        client.post()
                .uri("/api/catalog/parts/imports")
                .header("Idempotency-Key", key)
                .bodyValue(Map.of("parts", List.of(part("Guest upload"))))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        upload(TestTokens.customer(), key, List.of(part("Customer upload")))
                .expectStatus()
                .isForbidden();
        upload(vendor, key, List.of(with(part("Someone else's"), "vendorId", otherVendor.id())))
                .expectStatus()
                .isForbidden();

        TestUser admin = TestTokens.admin();
        upload(admin, key, List.of(part("Admin without vendor")))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("parts[0].vendorId");
        UUID category = createCategory(client, admin, null, "uploads-" + UUID.randomUUID());
        JsonNode made = upload(
                        admin,
                        key,
                        List.of(
                                with(with(part("For the vendor"), "vendorId", vendor.id()), "categoryId", category),
                                with(part("For the other vendor"), "vendorId", otherVendor.id())))
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(partById(made.get("partIds").get(1).asString())
                        .get("vendorId")
                        .asString())
                .isEqualTo(otherVendor.id().toString());

        TestUser unverified = TestTokens.vendor();
        upload(unverified, "upload-" + UUID.randomUUID(), List.of(part("Not yet a seller")))
                .expectStatus()
                .isForbidden();
        assertThat(countByTitle("Guest upload")
                        + countByTitle("Customer upload")
                        + countByTitle("Someone else's")
                        + countByTitle("Not yet a seller"))
                .isZero();
    }

    private WebTestClient.ResponseSpec upload(TestUser user, String key, List<Map<String, Object>> parts) {
        return client.post()
                .uri("/api/catalog/parts/imports")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .header("Idempotency-Key", key)
                .bodyValue(Map.of("parts", parts))
                .exchange();
    }

    private JsonNode partById(String id) {
        return get("/api/catalog/parts/" + id);
    }

    private JsonNode get(String path) {
        return client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private long countByTitle(String title) {
        return count("SELECT count(*) AS n FROM spare_parts WHERE title = :value", title);
    }

    private long count(String sql, Object value) {
        return db.sql(sql)
                .bind("value", value)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
