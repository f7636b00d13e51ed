package com.sprocket.catalog.part;

import static com.sprocket.catalog.CatalogFixtures.create;
import static com.sprocket.catalog.CatalogFixtures.createCategory;
import static com.sprocket.catalog.CatalogFixtures.part;
import static com.sprocket.catalog.CatalogFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchIntegrationTests {

    // runs against the search index (the default engine); PostgresSearchIntegrationTests runs it against PostgreSQL

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient sellerDb;

    @Autowired
    WebTestClient client;

    private final TestUser bosch = TestTokens.vendor();
    private final TestUser valeo = TestTokens.vendor();
    private UUID brakes;
    private UUID discs;
    private UUID filters;

    @BeforeAll
    void catalog() {
        com.sprocket.catalog.CatalogFixtures.verified(sellerDb, bosch, valeo);
        TestUser admin = TestTokens.admin();
        brakes = createCategory(client, admin, null, "brakes");
        discs = createCategory(client, admin, brakes, "brake-discs");
        filters = createCategory(client, admin, null, "filters");
        add(bosch, "Brake pad set, front axle", "Bosch", "0 986 494 123", 4999, 10, brakes, "Ceramic pads.");
        add(
                bosch,
                "Brake disc, ventilated",
                "Bosch",
                "0 986 479 R55",
                7999,
                4,
                discs,
                "Vented disc for heavy braking.");
        add(valeo, "Oil filter", "Valeo", "586 543", 899, 0, filters, "Spin-on oil filter.");
        add(valeo, "Cabin air filter", "Valeo", "715 745", 1599, 25, filters, "Keeps the brake dust out of the cabin.");
        add(valeo, "Wiper blade 600mm", "Valeo", "VM-574", 1299, 8, null, "Silent wiper.");
        for (int i = 0; i < 25; i++) {
            add(bosch, "Spark plug " + i, "Bosch", "FR7DC+" + i, 300 + i * 10, 100, null, "Nickel spark plug.");
        }
    }

    @Test
    void ranks_title_matches_above_description_matches() {
        List<String> titles = titles(search(uri -> uri.queryParam("q", "brake")));

        assertThat(titles).contains("Brake pad set, front axle", "Brake disc, ventilated", "Cabin air filter");
        assertThat(titles.indexOf("Cabin air filter")).isGreaterThan(titles.indexOf("Brake pad set, front axle"));
        assertThat(titles.getLast()).isEqualTo("Cabin air filter");
    }

    @Test
    void finds_a_part_number_despite_spacing_dashes_and_a_typo() {
        assertThat(titles(search(uri -> uri.queryParam("partNumber", "0986494123"))))
                .first()
                .isEqualTo("Brake pad set, front axle");
        assertThat(titles(search(uri -> uri.queryParam("partNumber", "0-986-494-123"))))
                .first()
                .isEqualTo("Brake pad set, front axle");
        assertThat(titles(search(uri -> uri.queryParam("partNumber", "0986494128"))))
                .first()
                .isEqualTo("Brake pad set, front axle");
        assertThat(titles(search(uri -> uri.queryParam("q", "vm 574")))).first().isEqualTo("Wiper blade 600mm");
    }

    @Test
    void filters_by_category_including_subcategories_brand_price_stock_and_vendor() {
        assertThat(titles(search(uri -> uri.queryParam("category", brakes))))
                .containsExactlyInAnyOrder("Brake pad set, front axle", "Brake disc, ventilated");
        assertThat(titles(search(uri -> uri.queryParam("category", discs)))).containsExactly("Brake disc, ventilated");
        assertThat(titles(search(uri -> uri.queryParam("brand", "valeo").queryParam("inStock", true))))
                .containsExactlyInAnyOrder("Cabin air filter", "Wiper blade 600mm");
        assertThat(titles(search(uri -> uri.queryParam("minPrice", 1000).queryParam("maxPrice", 5000))))
                .containsExactlyInAnyOrder("Brake pad set, front axle", "Cabin air filter", "Wiper blade 600mm");
        assertThat(titles(search(uri -> uri.queryParam("inStock", false)))).containsExactly("Oil filter");
        assertThat(titles(search(uri -> uri.queryParam("vendor", valeo.id()).queryParam("limit", 100))))
                .hasSize(3);
    }

    @Test
    void pages_through_every_part_exactly_once_with_cursors_in_each_sort() {
        for (String sort : List.of("newest", "price_asc", "price_desc", "rating")) {
            List<String> seen = new ArrayList<>();
            String after = null;
            do {
                String cursor = after;
                JsonNode page = search(uri -> {
                    uri.queryParam("sort", sort).queryParam("limit", 7);
                    return cursor == null ? uri : uri.queryParam("after", cursor);
                });
                page.get("items").forEach(item -> seen.add(item.get("id").asString()));
                after = page.get("next") == null || page.get("next").isNull()
                        ? null
                        : page.get("next").asString();
            } while (after != null);
            assertThat(seen).as(sort).hasSize(30).doesNotHaveDuplicates();
        }
        List<Long> prices = new ArrayList<>();
        search(uri -> uri.queryParam("sort", "price_asc").queryParam("limit", 100))
                .get("items")
                .forEach(item -> prices.add(item.get("price").get("amountMinor").asLong()));
        assertThat(prices).isSorted();
    }

    @Test
    void rejects_oversized_pages_bad_cursors_and_bad_filters_with_400() {
        badRequest(uri -> uri.queryParam("limit", 101), "limit");
        badRequest(uri -> uri.queryParam("after", "garbage"), "after");
        badRequest(uri -> uri.queryParam("minPrice", 500).queryParam("maxPrice", 100), "maxPrice");
        badRequest(uri -> uri.queryParam("sort", "relevance"), "sort");
        badRequest(uri -> uri.queryParam("partNumber", "--"), "partNumber");
        badRequest(uri -> uri.queryParam("q", "x".repeat(201)), "q");
        badRequest(uri -> uri.queryParam("brand", "x".repeat(81)), "brand[0]");
    }

    @Test
    void lists_carry_a_summary_of_each_part_and_the_part_itself_carries_everything() {
        JsonNode item =
                search(uri -> uri.queryParam("q", "brake pad")).get("items").get(0);
        assertThat(item.get("title").asString()).isEqualTo("Brake pad set, front axle");
        assertThat(item.has("price") && item.has("available") && item.has("inStock") && item.has("rating"))
                .isTrue();
        assertThat(item.has("description") || item.has("attributes") || item.has("images"))
                .isFalse();

        JsonNode part = client.get()
                .uri("/api/catalog/parts/{id}", item.get("id").asString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(part.get("description").asString()).isEqualTo("Ceramic pads.");
    }

    @Test
    void names_what_a_malformed_parameter_must_be_in_words_not_java_types() {
        client.get()
                .uri(uri -> uri.path("/api/catalog/parts")
                        .queryParam("sort", "cheapest")
                        .queryParam("category", "nope")
                        .queryParam("limit", "ten")
                        .queryParam("inStock", "maybe")
                        .build())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(4)
                .jsonPath("$.errors[?(@.field == 'sort')].message")
                .isEqualTo("must be one of relevance, price_asc, price_desc, newest, rating")
                .jsonPath("$.errors[?(@.field == 'category')].message")
                .isEqualTo("must be a UUID")
                .jsonPath("$.errors[?(@.field == 'limit')].message")
                .isEqualTo("must be a whole number")
                .jsonPath("$.errors[?(@.field == 'inStock')].message")
                .isEqualTo("must be true or false");
    }

    @Test
    void takes_several_brands_as_repeated_or_comma_separated_parameters() {
        JsonNode repeated = search(uri -> uri.queryParam("brand", "Bosch").queryParam("brand", "Valeo"));
        JsonNode joined = search(uri -> uri.queryParam("brand", "Bosch,Valeo"));
        assertThat(titles(repeated)).isNotEmpty().isEqualTo(titles(joined));
    }

    @Test
    void serves_the_category_tree() {
        JsonNode tree = client.get()
                .uri("/api/catalog/categories")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<String> roots = new ArrayList<>();
        tree.forEach(node -> roots.add(node.get("slug").asString()));
        assertThat(roots).containsExactlyInAnyOrder("brakes", "filters");
        JsonNode brakesNode = tree.get(roots.indexOf("brakes"));
        assertThat(brakesNode.get("children").get(0).get("slug").asString()).isEqualTo("brake-discs");
    }

    private void add(
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
        body = with(with(body, "description", description), "lowStockThreshold", 0);
        if (category != null) {
            body = with(body, "categoryId", category);
        }
        create(client, vendor, body);
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

    private void badRequest(Function<UriBuilder, UriBuilder> query, String field) {
        client.get()
                .uri(uri -> query.apply(uri.path("/api/catalog/parts")).build())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(field);
    }

    private static List<String> titles(JsonNode page) {
        List<String> titles = new ArrayList<>();
        page.get("items").forEach(item -> titles.add(item.get("title").asString()));
        assertThat(new HashSet<>(titles)).hasSameSizeAs(titles);
        return titles;
    }
}
