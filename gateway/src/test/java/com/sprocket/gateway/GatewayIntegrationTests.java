package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sprocket.identity.token.SigningKeys;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
        services.verifyVendor(gateway, vendor.get("profile").get("id").asString());

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
    void
            a_vendor_sells_once_verified_and_deactivation_withdraws_their_parts_from_search_and_carts_until_reactivation() {
        JsonNode applicant = register("vendor");
        String vendorId = applicant.get("profile").get("id").asString();
        String word = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Map<String, Object> part = Map.of(
                "title",
                "Caliper " + word,
                "brand",
                "ATE",
                "condition",
                "new",
                "priceMinor",
                8900,
                "currency",
                "EUR",
                "stock",
                5);

        gateway.post()
                .uri("/api/catalog/parts")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + applicant.get("accessToken").asString())
                .bodyValue(part)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).containsIgnoringCase("verif"));

        services.verifyVendor(gateway, vendorId);
        String partId = gateway.post()
                .uri("/api/catalog/parts")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + applicant.get("accessToken").asString())
                .bodyValue(part)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        assertThat(searchHits(word)).isEqualTo(1);
        String customer = "Bearer " + register("customer").get("accessToken").asString();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> addToCart(customer, partId) == 200);

        String root = "Bearer " + services.rootToken(gateway);
        gateway.post()
                .uri("/api/identity/users/{id}/deactivate", vendorId)
                .header(HttpHeaders.AUTHORIZATION, root)
                .exchange()
                .expectStatus()
                .isOk();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    assertThat(searchHits(word)).as("withdrawn from search").isZero();
                    assertThat(cartLineInStock(customer))
                            .as("unavailable in carts")
                            .isFalse();
                    assertThat(addToCart(customer, partId)).isEqualTo(409);
                });
        gateway.get()
                .uri("/api/catalog/parts/{id}", partId)
                .exchange()
                .expectStatus()
                .isNotFound();
        gateway.get()
                .uri("/api/catalog/inventory/alerts")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + applicant.get("accessToken").asString())
                .exchange()
                .expectStatus()
                .isUnauthorized(); // the deactivated vendor's token no longer works anywhere

        gateway.post()
                .uri("/api/identity/users/{id}/activate", vendorId)
                .header(HttpHeaders.AUTHORIZATION, root)
                .exchange()
                .expectStatus()
                .isOk();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    assertThat(searchHits(word)).as("back in search").isEqualTo(1);
                    assertThat(cartLineInStock(customer)).as("buyable again").isTrue();
                });
    }

    private int searchHits(String word) {
        return gateway.get()
                .uri("/api/catalog/parts?q={q}", word)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("items")
                .size();
    }

    private int addToCart(String bearer, String partId) {
        return gateway.post()
                .uri("/api/carts/current/items")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .bodyValue(Map.of("partId", partId, "quantity", 1))
                .exchange()
                .expectBody()
                .returnResult()
                .getStatus()
                .value();
    }

    private boolean cartLineInStock(String bearer) {
        return gateway.get()
                .uri("/api/carts/current")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("lines")
                .get(0)
                .get("inStock")
                .asBoolean();
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"expired", "wrong-issuer", "wrong-audience", "foreign-key", "alg-none", "tampered", "garbage"})
    void rejects_bad_tokens_with_401_at_the_gateway(String kind) throws Exception {
        gateway.get()
                .uri("/api/identity/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + badToken(kind))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** Tokens signed with identity's real key (or not), each wrong in one way. */
    private String badToken(String kind) throws Exception {
        var keys = services.identity.getBean(SigningKeys.class).current().block();
        UUID user =
                UUID.fromString(register("customer").get("profile").get("id").asString());
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .subject(user.toString())
                .issuer("sprocket-identity")
                .audience("sprocket")
                .claim("roles", List.of("admin"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        switch (kind) {
            case "expired" ->
                claims.issueTime(Date.from(now.minusSeconds(3600))).expirationTime(Date.from(now.minusSeconds(600)));
            case "wrong-issuer" -> claims.issuer("https://evil.example");
            case "wrong-audience" -> claims.audience("another-app");
            case "foreign-key" -> {
                return TestTokens.signedByStranger(user, Role.ADMIN);
            }
            case "alg-none" -> {
                return TestTokens.unsigned(user, Role.ADMIN);
            }
            case "tampered" -> {
                String valid = register("customer").get("accessToken").asString();
                String[] parts = valid.split("\\.");
                String payload =
                        new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"customer\"", "\"admin\"");
                return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
                        + parts[2];
            }
            case "garbage" -> {
                return "not.a.jwt";
            }
            default -> throw new IllegalArgumentException(kind);
        }
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.kid()).build(), claims.build());
        jwt.sign(new RSASSASigner(keys.privateKey()));
        return jwt.serialize();
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
