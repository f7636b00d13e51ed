package com.sprocket.catalog.review;

import static com.sprocket.catalog.CatalogFixtures.createPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class ReviewsIntegrationTests {

    @org.junit.jupiter.api.BeforeEach
    void vendorsMaySell() {
        com.sprocket.catalog.CatalogFixtures.verified(sellerDb, vendor);
    }

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient sellerDb;

    @Autowired
    WebTestClient client;

    private final TestUser vendor = TestTokens.vendor();
    private final TestUser alice = TestTokens.customer();
    private final TestUser bob = TestTokens.customer();

    @Test
    void customers_review_once_and_the_part_keeps_the_average_and_count() {
        UUID part = createPart(client, vendor, "Shock absorber");

        review(alice, part, 5).expectStatus().isCreated();
        review(bob, part, 2).expectStatus().isCreated();
        review(alice, part, 1).expectStatus().isEqualTo(409);

        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.rating.average")
                .isEqualTo(3.5)
                .jsonPath("$.rating.count")
                .isEqualTo(2);
        client.get()
                .uri("/api/catalog/parts/{id}/reviews", part)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(2);
    }

    @Test
    void parallel_reviews_leave_an_exact_rating_aggregate() {
        UUID part = createPart(client, vendor, "Coil spring");
        int reviewers = 16;

        List<Integer> statuses = com.sprocket.platform.test.Parallel.run(
                reviewers,
                i -> review(TestTokens.customer(), part, 1 + i % 5)
                        .returnResult(Void.class)
                        .getStatus()
                        .value());

        assertThat(statuses).containsOnly(201);
        double expected = java.util.stream.IntStream.range(0, reviewers)
                .map(i -> 1 + i % 5)
                .average()
                .orElseThrow();
        JsonNode rating = client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("rating");
        assertThat(rating.get("count").asInt()).isEqualTo(reviewers);
        assertThat(rating.get("average").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void authors_edit_and_delete_their_own_reviews_only() {
        UUID part = createPart(client, vendor, "Control arm");
        String id = id(review(alice, part, 4));

        edit(bob, id, 1).expectStatus().isForbidden();
        client.delete()
                .uri("/api/catalog/reviews/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, bob.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        edit(alice, id, 2)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.rating")
                .isEqualTo(2);
        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.rating.average")
                .isEqualTo(2.0);
        client.delete()
                .uri("/api/catalog/reviews/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, alice.bearer())
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.rating.count")
                .isEqualTo(0);
    }

    @Test
    void admins_hide_a_review_which_then_leaves_the_average_and_the_public_list() {
        UUID part = createPart(client, vendor, "Tie rod end");
        String id = id(review(alice, part, 1));
        review(bob, part, 5).expectStatus().isCreated();

        client.post()
                .uri("/api/catalog/reviews/{id}/hide", id)
                .header(HttpHeaders.AUTHORIZATION, alice.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post()
                .uri("/api/catalog/reviews/{id}/hide", id)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.hidden")
                .isEqualTo(true);

        client.get()
                .uri("/api/catalog/parts/{id}", part)
                .exchange()
                .expectBody()
                .jsonPath("$.rating.average")
                .isEqualTo(5.0)
                .jsonPath("$.rating.count")
                .isEqualTo(1);
        client.get()
                .uri("/api/catalog/parts/{id}/reviews", part)
                .exchange()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(1);
        client.get()
                .uri("/api/catalog/parts/{id}/reviews", part)
                .header(HttpHeaders.AUTHORIZATION, alice.bearer())
                .exchange()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(2);
    }

    @Test
    void rejects_bad_ratings_vendor_reviews_guest_reviews_and_unknown_parts() {
        UUID part = createPart(client, vendor, "Ball joint");

        review(alice, part, 6)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("rating");
        review(vendor, part, 5).expectStatus().isForbidden();
        client.post()
                .uri("/api/catalog/parts/{id}/reviews", part)
                .bodyValue(Map.of("rating", 5))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        review(alice, UUID.randomUUID(), 5).expectStatus().isNotFound();
        edit(alice, UUID.randomUUID().toString(), 3).expectStatus().isNotFound();
    }

    @Test
    void a_review_publishes_its_part_so_search_sorted_by_rating_follows_it() {
        UUID first = createPart(client, vendor, "Quokka strut mount");
        UUID second = createPart(client, vendor, "Quokka top mount");
        // unrated, the two tie; whichever the index puts last is the one a review must lift
        List<UUID> unrated = byRating("quokka");
        assertThat(unrated).containsExactlyInAnyOrder(first, second);
        UUID lifted = unrated.getLast();
        int version = client.get()
                .uri("/api/catalog/parts/{id}", lifted)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("version")
                .asInt();

        review(alice, lifted, 4).expectStatus().isCreated();

        // the event: the part as it is now, at the same version (cart and order read models skip it)
        try (TopicProbe probe = TopicProbe.of("catalog.parts")) {
            var event = probe.await(TopicProbe.key(lifted.toString()).and(TopicProbe.type("part.updated.v1")), 1)
                    .getFirst();
            assertThat(TopicProbe.json(event).get("data").get("version").asInt())
                    .isEqualTo(version);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> byRating("quokka").getFirst().equals(lifted));
    }

    private List<UUID> byRating(String q) {
        JsonNode page = client.get()
                .uri(uri -> uri.path("/api/catalog/parts")
                        .queryParam("q", q)
                        .queryParam("sort", "rating")
                        .build())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<UUID> ids = new java.util.ArrayList<>();
        page.get("items").forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        return ids;
    }

    private WebTestClient.ResponseSpec review(TestUser user, UUID part, int rating) {
        return client.post()
                .uri("/api/catalog/parts/{id}/reviews", part)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("rating", rating, "body", "Solid part, fitted in an hour."))
                .exchange();
    }

    private WebTestClient.ResponseSpec edit(TestUser user, String id, int rating) {
        return client.put()
                .uri("/api/catalog/reviews/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, user.bearer())
                .bodyValue(Map.of("rating", rating, "body", "Changed my mind."))
                .exchange();
    }

    private static String id(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
    }
}
