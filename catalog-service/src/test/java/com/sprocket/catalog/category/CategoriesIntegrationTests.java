package com.sprocket.catalog.category;

import static com.sprocket.catalog.CatalogFixtures.createCategory;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

@SprocketIntegrationTest
class CategoriesIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    private final TestUser admin = TestTokens.admin();

    @Test
    void admins_build_the_tree_and_everyone_reads_it() {
        UUID root = createCategory(client, admin, null, "lighting");
        UUID leaf = createCategory(client, TestTokens.superAdmin(), root, "fog-lights");

        client.get()
                .uri("/api/catalog/categories/{id}", leaf)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.parentId")
                .isEqualTo(root.toString());
        client.get()
                .uri("/api/catalog/categories/{id}", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void rejects_duplicate_slugs_bad_slugs_and_unknown_parents() {
        createCategory(client, admin, null, "wheels");

        create(admin, Map.of("name", "Wheels again", "slug", "wheels"))
                .expectStatus()
                .isEqualTo(409);
        create(admin, Map.of("name", "Bad", "slug", "Not A Slug"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("slug");
        create(admin, Map.of("name", "Orphan", "slug", "orphan", "parentId", UUID.randomUUID()))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("parentId");
    }

    @Test
    void only_admins_change_categories() {
        create(TestTokens.vendor(), Map.of("name", "Mine", "slug", "mine"))
                .expectStatus()
                .isForbidden();
        create(TestTokens.customer(), Map.of("name", "Mine", "slug", "mine"))
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/catalog/categories")
                .bodyValue(Map.of("name", "Mine", "slug", "mine"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void deletes_only_leaf_categories() {
        UUID root = createCategory(client, admin, null, "interior");
        UUID leaf = createCategory(client, admin, root, "seat-covers");

        delete(root).expectStatus().isEqualTo(409);
        delete(leaf).expectStatus().isNoContent();
        delete(leaf).expectStatus().isNotFound();
        delete(root).expectStatus().isNoContent();
    }

    @Test
    void a_category_in_use_by_a_part_is_not_deleted_and_the_part_keeps_it() {
        UUID category = createCategory(
                client, admin, null, "exhaust-" + UUID.randomUUID().toString().substring(0, 6));
        TestUser vendor = TestTokens.vendor();
        com.sprocket.catalog.CatalogFixtures.verified(db, vendor);
        UUID part = UUID.fromString(com.sprocket.catalog.CatalogFixtures.create(
                        client,
                        vendor,
                        com.sprocket.catalog.CatalogFixtures.with(
                                com.sprocket.catalog.CatalogFixtures.part("Silencer"), "categoryId", category))
                .get("id")
                .asString());

        delete(category)
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("Parts"));

        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.categoryId")
                .isEqualTo(category.toString())
                .jsonPath("$.version")
                .isEqualTo(0);
    }

    private WebTestClient.ResponseSpec create(TestUser user, Map<String, Object> body) {
        return client.post()
                .uri("/api/catalog/categories")
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec delete(UUID id) {
        return client.delete()
                .uri("/api/catalog/categories/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, admin.bearer())
                .exchange();
    }
}
