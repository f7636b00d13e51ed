package com.sprocket.identity;

import static com.sprocket.identity.IdentityClient.PASSWORD;
import static com.sprocket.identity.IdentityClient.access;
import static com.sprocket.identity.IdentityClient.email;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.sprocket.identity.token.AccessTokens;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TopicProbe;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class AccountIntegrationTests {

    @Autowired
    WebTestClient web;

    @Autowired
    AccessTokens accessTokens;

    private IdentityClient identity;
    private final TopicProbe users = TopicProbe.of("identity.users");

    @BeforeEach
    void client() {
        identity = new IdentityClient(web);
    }

    @AfterEach
    void closeProbe() {
        users.close();
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    @Test
    void register_returns_tokens_and_the_full_profile_in_one_response() throws Exception {
        String email = email();
        JsonNode session = identity.register(email.toUpperCase(), PASSWORD, "customer")
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        JsonNode profile = session.get("profile");
        assertThat(profile.get("email").asString()).isEqualTo(email);
        assertThat(profile.get("role").asString()).isEqualTo("customer");
        assertThat(session.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(session.get("refreshToken").asString()).hasSizeGreaterThan(40);
        var claims = SignedJWT.parse(access(session)).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(profile.get("id").asString());
        assertThat(claims.getStringListClaim("roles")).containsExactly("customer");
        assertThat(claims.getIssuer()).isEqualTo("sprocket-identity");
        assertThat(claims.getAudience()).containsExactly("sprocket");
        assertThat(SignedJWT.parse(access(session)).getHeader().getKeyID()).isNotBlank();

        identity.get(access(session), "/api/identity/me")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.email")
                .isEqualTo(email);
        users.await(TopicProbe.key(profile.get("id").asString()).and(TopicProbe.type("user.registered.v1")), 1);
    }

    @Test
    void login_returns_the_profile_and_failures_never_tell_which_part_was_wrong() {
        String email = email();
        identity.register(email, PASSWORD, "vendor").expectStatus().isCreated();

        JsonNode session = identity.session(email, PASSWORD);
        assertThat(session.get("profile").get("role").asString()).isEqualTo("vendor");
        assertThat(session.get("profile").get("vendorCompany").asString()).isEqualTo("Parts & Co");

        String wrongPassword = detail(identity.login(email, "not the password at all"));
        String unknownEmail = detail(identity.login(email(), PASSWORD));
        assertThat(wrongPassword).isEqualTo(unknownEmail).isEqualTo("Invalid email or password.");
    }

    private double passwordChecks() {
        return meters.get("sprocket.identity.password.checks").counter().count();
    }

    @Test
    void locks_an_account_after_repeated_failures_even_for_the_right_password() {
        String email = email();
        identity.register(email, PASSWORD, "customer").expectStatus().isCreated();

        for (int i = 0; i < 5; i++) {
            identity.login(email, "wrong password " + i).expectStatus().isUnauthorized();
        }

        assertThat(detail(identity.login(email, PASSWORD))).isEqualTo("Invalid email or password.");
    }

    @Test
    void a_burst_of_200_parallel_wrong_passwords_gets_no_more_password_checks_than_the_limit() {
        String email = email();
        identity.register(email, PASSWORD, "customer").expectStatus().isCreated();
        double before = passwordChecks();

        List<Integer> statuses = reactor.core.publisher.Flux.range(0, 200)
                .flatMap(
                        i -> org.springframework.web.reactive.function.client.WebClient.create(
                                        "http://127.0.0.1:" + port)
                                .post()
                                .uri("/api/identity/login")
                                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                                .bodyValue(java.util.Map.of("email", email, "password", "wrong guess " + i))
                                .exchangeToMono(response -> reactor.core.publisher.Mono.just(
                                        response.statusCode().value())),
                        100)
                .collectList()
                .block();

        assertThat(statuses).hasSize(200).allMatch(status -> status == 401);
        assertThat(passwordChecks() - before).as("password checks").isEqualTo(5);
        assertThat(detail(identity.login(email, PASSWORD)))
                .as("locked, even for the right password")
                .isEqualTo("Invalid email or password.");
    }

    @Test
    void rejects_weak_passwords_bad_emails_and_taken_emails() {
        identity.register(email(), "short", "customer")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password");
        identity.register(email(), "1234567890", "customer")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .isEqualTo("is one of the most common passwords");
        identity.register("not-an-email", PASSWORD, "customer")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("email");
        identity.register(email(), PASSWORD, "admin")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("accountType");
        String taken = email();
        identity.register(taken, PASSWORD, "customer").expectStatus().isCreated();
        identity.register(taken, PASSWORD, "customer").expectStatus().isEqualTo(409);
    }

    @Test
    void a_password_beyond_what_bcrypt_reads_is_a_400_at_sign_up_and_never_matches_at_login() {
        String email = email();
        identity.register(email, "p".repeat(100), "customer")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password")
                .jsonPath("$.errors[0].message")
                .value(message -> assertThat((String) message).contains("72 bytes"));
        // 30 characters, but 90 bytes in UTF-8: counted in bytes, as BCrypt does
        identity.register(email, "\u20AC".repeat(30), "customer").expectStatus().isBadRequest();

        String registered = email();
        String password = "a-long-passphrase-" + "x".repeat(54); // exactly 72 bytes
        identity.register(registered, password, "customer").expectStatus().isCreated();
        identity.login(registered, password).expectStatus().isOk();
        identity.login(registered, password + "-and-more").expectStatus().isUnauthorized();
    }

    @Test
    void refresh_rotates_and_a_reused_refresh_token_revokes_the_whole_family() {
        JsonNode first = identity.registered("customer");
        String original = first.get("refreshToken").asString();

        JsonNode second = identity.refresh(original)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String rotated = second.get("refreshToken").asString();
        assertThat(rotated).isNotEqualTo(original);
        assertThat(second.get("profile").get("id").asString()).isEqualTo(IdentityClient.id(first));

        identity.refresh(original).expectStatus().isUnauthorized(); // stolen copy replayed
        identity.refresh(rotated).expectStatus().isUnauthorized(); // family revoked
    }

    @Test
    void a_login_lasts_at_most_the_absolute_lifetime_however_often_it_refreshes() {
        JsonNode session = identity.registered("customer");
        db.sql("UPDATE refresh_tokens SET issued_at = now() - interval '91 days' WHERE user_id = :user")
                .bind("user", UUID.fromString(IdentityClient.id(session)))
                .then()
                .block();

        identity.refresh(session.get("refreshToken").asString()).expectStatus().isUnauthorized();
    }

    @Test
    void logout_revokes_the_refresh_token() {
        JsonNode session = identity.registered("customer");
        String refresh = session.get("refreshToken").asString();

        web.post()
                .uri("/api/identity/logout")
                .bodyValue(Map.of("refreshToken", refresh))
                .exchange()
                .expectStatus()
                .isNoContent();

        identity.refresh(refresh).expectStatus().isUnauthorized();
        identity.refresh("garbage-token").expectStatus().isUnauthorized();
    }

    @Test
    void me_creates_a_missing_profile_just_in_time() {
        UUID id = UUID.randomUUID();
        String token =
                accessTokens.mint(id, Role.CUSTOMER.claim(), "jit@example.com").block();

        identity.get(token, "/api/identity/me")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id.toString())
                .jsonPath("$.email")
                .isEqualTo("jit@example.com")
                .jsonPath("$.role")
                .isEqualTo("customer");
        identity.get(token, "/api/identity/me").exchange().expectStatus().isOk();
    }

    @Test
    void users_change_their_own_display_name_but_not_their_role() {
        JsonNode session = identity.registered("customer");
        web.patch()
                .uri("/api/identity/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + access(session))
                .bodyValue(Map.of("displayName", "Renamed", "role", "admin"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.displayName")
                .isEqualTo("Renamed")
                .jsonPath("$.role")
                .isEqualTo("customer");
        web.get()
                .uri("/api/identity/me")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void tokens_from_any_other_key_or_issuer_are_rejected() {
        UUID someone = UUID.randomUUID();
        for (String bad : List.of(
                TestTokens.token(someone, List.of(Role.ADMIN)),
                TestTokens.unsigned(someone, Role.ADMIN),
                TestTokens.tampered(someone))) {
            identity.get(bad, "/api/identity/me").exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void serves_the_jwks_with_the_key_that_signed_the_tokens() throws Exception {
        JsonNode session = identity.registered("customer");
        String kid = SignedJWT.parse(access(session)).getHeader().getKeyID();

        web.get()
                .uri("/.well-known/jwks.json")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.keys[?(@.kid == '" + kid + "')].kty")
                .isEqualTo("RSA")
                .jsonPath("$.keys[0].d")
                .doesNotExist();
    }

    private static String detail(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isUnauthorized()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("detail")
                .asString();
    }
}
