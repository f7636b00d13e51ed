package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The PWA's first journeys, through the gateway, against the real services. */
@SprocketIntegrationTest
class GatewayIntegrationTests {

    static Services services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = Services.start();
        services.gatewayProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("sprocket.gateway.cors.allowed-origins", () -> "https://app.sprocket.test");
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Autowired
    WebTestClient gateway;

    @Test
    void register_then_login_returns_the_profile_with_the_tokens_and_refresh_rotates() {
        String email = "jo-" + UUID.randomUUID() + "@example.com";
        gateway.post()
                .uri("/api/identity/register")
                .bodyValue(Map.of(
                        "email",
                        email,
                        "password",
                        "correct horse battery",
                        "displayName",
                        "Jo",
                        "accountType",
                        "customer"))
                .exchange()
                .expectStatus()
                .isCreated();

        JsonNode login = gateway.post()
                .uri("/api/identity/login")
                .bodyValue(Map.of("email", email, "password", "correct horse battery"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("X-Request-Id")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(login.get("profile").get("email").asString()).isEqualTo(email);
        assertThat(login.get("accessToken").asString()).isNotBlank();

        JsonNode refreshed = gateway.post()
                .uri("/api/identity/refresh")
                .bodyValue(Map.of("refreshToken", login.get("refreshToken").asString()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        gateway.post()
                .uri("/api/identity/refresh")
                .bodyValue(Map.of("refreshToken", login.get("refreshToken").asString()))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        gateway.post()
                .uri("/api/identity/refresh")
                .bodyValue(Map.of("refreshToken", refreshed.get("refreshToken").asString()))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void catalog_accepts_tokens_issued_by_identity_through_the_gateway() {
        JsonNode vendor = register("vendor");

        gateway.post()
                .uri("/api/catalog/parts")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + vendor.get("accessToken").asString())
                .bodyValue(Map.of(
                        "title",
                        "Brake pad set",
                        "brand",
                        "Bosch",
                        "condition",
                        "new",
                        "priceMinor",
                        4999,
                        "currency",
                        "EUR",
                        "stock",
                        5))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.vendorId")
                .isEqualTo(vendor.get("profile").get("id").asString());
        gateway.get()
                .uri("/api/catalog/parts?q=brake")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].title")
                .isEqualTo("Brake pad set");
    }

    @Test
    void anonymous_access_only_where_the_matrix_allows_it() {
        gateway.get().uri("/api/catalog/categories").exchange().expectStatus().isOk();
        gateway.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk();
        gateway.get()
                .uri("/api/identity/me")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        gateway.post()
                .uri("/api/catalog/parts")
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isUnauthorized();
        gateway.get()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer garbage")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void answers_cors_preflights_for_the_pwa_origin_only() {
        gateway.options()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.ORIGIN, "https://app.sprocket.test")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.sprocket.test");
        gateway.options()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void sets_security_headers_and_keeps_a_sane_client_request_id() {
        gateway.get()
                .uri("/api/catalog/categories")
                .header("X-Request-Id", "pwa-req-12345678")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Request-Id", "pwa-req-12345678")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader()
                .exists("Content-Security-Policy");
        gateway.get()
                .uri("/api/catalog/categories")
                .header("X-Request-Id", "<script>")
                .exchange()
                .expectHeader()
                .value("X-Request-Id", id -> assertThat(id).doesNotContain("<"));
    }

    @Test
    void unknown_paths_are_401_for_guests_and_problem_json_404_for_users_and_oversized_bodies_413() {
        gateway.get().uri("/api/nowhere").exchange().expectStatus().isUnauthorized();
        JsonNode vendor = register("vendor");
        String bearer = "Bearer " + vendor.get("accessToken").asString();
        gateway.get()
                .uri("/api/nowhere")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        gateway.post()
                .uri("/api/catalog/parts")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"" + "x".repeat(7 * 1024 * 1024) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void serves_the_aggregated_openapi_of_every_service() {
        gateway.get()
                .uri("/v3/api-docs/identity")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/identity/login']")
                .exists();
        gateway.get()
                .uri("/v3/api-docs/catalog")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/catalog/parts']")
                .exists();
    }

    private JsonNode register(String type) {
        return gateway.post()
                .uri("/api/identity/register")
                .bodyValue(Map.of(
                        "email",
                        type + "-" + UUID.randomUUID() + "@example.com",
                        "password",
                        "correct horse battery",
                        "displayName",
                        "T",
                        "accountType",
                        type))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
