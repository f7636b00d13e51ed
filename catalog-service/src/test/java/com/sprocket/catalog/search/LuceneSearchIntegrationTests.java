package com.sprocket.catalog.search;

import static com.sprocket.catalog.CatalogFixtures.create;
import static com.sprocket.catalog.CatalogFixtures.createCategory;
import static com.sprocket.catalog.CatalogFixtures.part;
import static com.sprocket.catalog.CatalogFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.catalog.CatalogFixtures;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestEvents;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;

/** The Lucene search read model: ranking, part-number tolerance, facets, rebuild and event-fed freshness. */
@SprocketIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LuceneSearchIntegrationTests {

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    WebTestClient client;

    @Autowired
    DatabaseClient db;

    @Autowired
    LuceneSearch search;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    private final TestUser bosch = TestTokens.vendor();
    private final TestUser valeo = TestTokens.vendor();
    private UUID brakes;
    private UUID discs;
    private UUID filters;
    private String pads;

    @BeforeAll
    void catalog() {
        await().atMost(Duration.ofSeconds(30)).until(search::ready);
        CatalogFixtures.verified(db, bosch, valeo);
        TestUser admin = TestTokens.admin();
        brakes = createCategory(client, admin, null, "brakes");
        discs = createCategory(client, admin, brakes, "brake-discs");
        filters = createCategory(client, admin, null, "filters");
        pads = add(bosch, "Brake pad set, front axle", "Bosch", "0 986 494 123", 4999, 10, brakes, "Ceramic pads.");
        add(bosch, "Brake disc, ventilated", "Bosch", "0 986 479 R55", 7999, 4, discs, "Vented disc.");
        add(valeo, "Oil filter", "Valeo", "586 543", 899, 0, filters, "Spin-on oil filter.");
        add(valeo, "Cabin air filter", "Valeo", "715 745", 1599, 25, filters, "Keeps brake dust out.");
        add(valeo, "Brake fluid DOT 4", "Brembo", "L 04 010", 1299, 8, brakes, "One litre.");
    }

    @Test
    void title_matches_rank_above_brand_and_description_matches_and_a_typo_still_finds_the_part() {
        List<String> brake = titles(search(uri -> uri.queryParam("q", "brake")));
        assertThat(brake.getLast()).isEqualTo("Cabin air filter"); // only its description says brake
        assertThat(brake).hasSize(4);

        assertThat(titles(search(uri -> uri.queryParam("q", "ventilatd disc"))))
                .first()
                .isEqualTo("Brake disc, ventilated");
        assertThat(titles(search(uri -> uri.queryParam("q", "brembo")))).containsExactly("Brake fluid DOT 4");
    }

    @Test
    void part_numbers_match_without_spacing_or_dashes_with_a_typo_and_by_a_long_fragment() {
        for (String number : List.of("0986494123", "0-986-494-123", "0986494128", "98649412")) {
            assertThat(titles(search(uri -> uri.queryParam("partNumber", number))))
                    .as(number)
                    .first()
                    .isEqualTo("Brake pad set, front axle");
        }
        assertThat(titles(search(uri -> uri.queryParam("q", "L04-010"))))
                .first()
                .isEqualTo("Brake fluid DOT 4");
    }

    @Test
    void the_first_page_counts_the_whole_query_by_brand_category_condition_price_band_and_stock() {
        JsonNode facets = search(uri -> uri.queryParam("q", "brake").queryParam("limit", 1))
                .get("facets");

        assertThat(counts(facets.get("brand")))
                .containsEntry("Bosch", 2L)
                .containsEntry("Brembo", 1L)
                .containsEntry("Valeo", 1L);
        // a parent counts its subcategories' parts: brakes holds the pads, the fluid and the disc
        assertThat(counts(facets.get("category")))
                .containsEntry(brakes.toString(), 3L)
                .containsEntry(discs.toString(), 1L)
                .containsEntry(filters.toString(), 1L);
        assertThat(counts(facets.get("condition"))).containsEntry("new", 4L);
        assertThat(counts(facets.get("price")))
                .containsEntry("0-2500", 2L)
                .containsEntry("2500-5000", 1L)
                .containsEntry("5000-10000", 1L);
        assertThat(counts(facets.get("inStock"))).containsEntry("true", 4L);
        JsonNode filtered = search(uri -> uri.queryParam("category", brakes).queryParam("inStock", true))
                .get("facets");
        assertThat(counts(filtered.get("brand"))).containsOnlyKeys("Bosch", "Brembo");
        JsonNode second = search(uri -> uri.queryParam("q", "brake").queryParam("limit", 1));
        String next = second.get("next").asString();
        assertThat(search(uri -> uri.queryParam("q", "brake")
                                .queryParam("limit", 1)
                                .queryParam("after", next))
                        .has("facets"))
                .isFalse(); // later pages of the same query: the counts are those of the first
    }

    @Test
    void a_row_changed_behind_the_index_is_found_after_its_event_and_everything_after_a_rebuild() {
        UUID part = UUID.fromString(pads);
        db.sql("UPDATE spare_parts SET title = 'Brake pad set, rear axle', version = version + 1 WHERE id = :id")
                .bind("id", part)
                .then()
                .block(Duration.ofSeconds(10));
        assertThat(titles(search(uri -> uri.queryParam("q", "rear")))).isEmpty();

        Map<String, Object> changed = new HashMap<>();
        changed.put("partId", pads);
        TestEvents.publish(kafka, codec, "catalog.parts", pads, "part.updated.v1", changed);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> titles(search(uri -> uri.queryParam("q", "rear"))).size() == 1);
        // how long the change took to become searchable is measured from its event's time
        var lag = meters.get("sprocket.catalog.search.lag").timer();
        assertThat(lag.count()).isPositive();
        assertThat(lag.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isBetween(0.0, 10_000.0);

        UUID hidden = UUID.randomUUID();
        db.sql("""
                        INSERT INTO spare_parts (id, vendor_id, title, description, brand, part_numbers, part_number_key,
                          condition, price_minor, currency, stock, low_stock_threshold, attributes)
                        SELECT :id, vendor_id, 'Timing belt kit', '', 'Gates', ARRAY['K015578XS'], 'K015578XS', 'new',
                          12900, 'EUR', 3, 0, '{}'::jsonb FROM spare_parts WHERE id = :part
                        """).bind("id", hidden).bind("part", part).then().block(Duration.ofSeconds(10));
        assertThat(titles(search(uri -> uri.queryParam("q", "timing belt")))).isEmpty();

        int indexed = search.rebuild().block(Duration.ofSeconds(60));

        assertThat(indexed).isEqualTo(6);
        assertThat(titles(search(uri -> uri.queryParam("q", "timing belt")))).containsExactly("Timing belt kit");
        assertThat(titles(search(uri -> uri.queryParam("partNumber", "K015578-XS"))))
                .containsExactly("Timing belt kit");
    }

    @Test
    void a_deleted_part_leaves_the_index_at_once() {
        String oil = titles(search(uri -> uri.queryParam("q", "oil filter"))).getFirst();
        assertThat(oil).isEqualTo("Oil filter");
        String id = search(uri -> uri.queryParam("q", "oil filter"))
                .get("items")
                .get(0)
                .get("id")
                .asString();
        client.delete()
                .uri("/api/catalog/parts/{id}", id)
                .header("Authorization", valeo.bearer())
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
        assertThat(titles(search(uri -> uri.queryParam("q", "oil filter")))).doesNotContain("Oil filter");
    }

    private String add(
            TestUser vendor,
            String title,
            String brand,
            String number,
            long price,
            int stock,
            UUID category,
            String description) {
        Map<String, Object> body = with(
                with(with(with(part(title), "brand", brand), "partNumbers", List.of(number)), "priceMinor", price),
                "stock",
                stock);
        body = with(with(with(body, "description", description), "lowStockThreshold", 0), "categoryId", category);
        return create(client, vendor, body).get("id").asString();
    }

    private JsonNode search(Function<UriBuilder, UriBuilder> query) {
        return client.get()
                .uri(uri -> query.apply(uri.path("/api/catalog/parts")).build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<String> titles(JsonNode page) {
        List<String> titles = new ArrayList<>();
        page.get("items").forEach(item -> titles.add(item.get("title").asString()));
        return titles;
    }

    private static Map<String, Long> counts(JsonNode counts) {
        Map<String, Long> map = new HashMap<>();
        counts.forEach(count ->
                map.put(count.get("value").asString(), count.get("count").asLong()));
        return map;
    }
}
