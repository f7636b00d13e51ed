package com.sprocket.identity;

import static com.sprocket.identity.IdentityClient.PASSWORD;
import static com.sprocket.identity.IdentityClient.access;
import static com.sprocket.identity.IdentityClient.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TopicProbe;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
@TestPropertySource(
        properties = {
            "sprocket.identity.bootstrap-super-admin-email=root@sprocket.test",
            "sprocket.identity.bootstrap-super-admin-password=" + AdministrationIntegrationTests.ROOT_PASSWORD
        })
class AdministrationIntegrationTests {

    static final String ROOT_PASSWORD = "the first super admin";

    @Autowired
    WebTestClient web;

    private IdentityClient identity;
    private String superAdmin;
    private String admin;
    private final TopicProbe users = TopicProbe.of("identity.users");

    @BeforeEach
    void accounts() {
        identity = new IdentityClient(web);
        superAdmin = access(identity.session("root@sprocket.test", ROOT_PASSWORD));
        JsonNode future = identity.registered("customer");
        identity.put(superAdmin, "/api/identity/users/{id}/role", Map.of("role", "admin"), id(future))
                .expectStatus()
                .isOk();
        admin = access(identity.session(future.get("profile").get("email").asString(), PASSWORD));
    }

    @AfterEach
    void closeProbe() {
        users.close();
    }

    @Test
    void the_first_super_admin_comes_from_configuration() throws Exception {
        assertThat(SignedJWT.parse(superAdmin).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly("super_admin");
    }

    @Test
    void an_admin_verifies_a_vendor_once_and_the_event_is_published() {
        JsonNode vendor = identity.registered("vendor");

        JsonNode verified = identity.post(admin, "/api/identity/users/{id}/verify-vendor", null, id(vendor))
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(verified.get("vendorVerifiedAt").isNull()).isFalse();
        assertThat(verified.get("vendorVerifiedBy").asString()).isNotBlank();
        identity.post(admin, "/api/identity/users/{id}/verify-vendor", null, id(vendor))
                .expectStatus()
                .isEqualTo(409);
        JsonNode customer = identity.registered("customer");
        identity.post(admin, "/api/identity/users/{id}/verify-vendor", null, id(customer))
                .expectStatus()
                .isEqualTo(409);
        users.await(TopicProbe.key(id(vendor)).and(TopicProbe.type("vendor.verified.v1")), 1);
    }

    @Test
    void customers_and_vendors_cannot_call_admin_endpoints_or_read_other_users() {
        JsonNode customer = identity.registered("customer");
        JsonNode vendor = identity.registered("vendor");

        identity.get(access(customer), "/api/identity/users")
                .exchange()
                .expectStatus()
                .isForbidden();
        identity.get(access(vendor), "/api/identity/users/{id}", id(customer))
                .exchange()
                .expectStatus()
                .isForbidden();
        identity.post(access(customer), "/api/identity/users/{id}/deactivate", null, id(vendor))
                .expectStatus()
                .isForbidden();
        identity.put(access(vendor), "/api/identity/users/{id}/role", Map.of("role", "admin"), id(vendor))
                .expectStatus()
                .isForbidden();
        web.get().uri("/api/identity/users").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void only_a_super_admin_grants_admin_and_nobody_changes_their_own_role() {
        JsonNode customer = identity.registered("customer");

        identity.put(admin, "/api/identity/users/{id}/role", Map.of("role", "admin"), id(customer))
                .expectStatus()
                .isForbidden();
        identity.put(admin, "/api/identity/users/{id}/role", Map.of("role", "vendor"), id(customer))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("vendor");
        identity.put(superAdmin, "/api/identity/users/{id}/role", Map.of("role", "super_admin"), id(customer))
                .expectStatus()
                .isOk();
        String adminId = identity.get(admin, "/api/identity/me")
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        identity.put(admin, "/api/identity/users/{id}/role", Map.of("role", "customer"), adminId)
                .expectStatus()
                .isForbidden();
        identity.put(superAdmin, "/api/identity/users/{id}/role", Map.of("role", "pirate"), id(customer))
                .expectStatus()
                .isBadRequest();
        users.await(TopicProbe.key(id(customer)).and(TopicProbe.type("user.role-changed.v1")), 2);
    }

    @Test
    void a_deactivated_user_can_no_longer_log_in_or_refresh() {
        JsonNode customer = identity.registered("customer");
        String email = customer.get("profile").get("email").asString();

        identity.post(admin, "/api/identity/users/{id}/deactivate", null, id(customer))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.active")
                .isEqualTo(false);

        identity.login(email, PASSWORD).expectStatus().isUnauthorized();
        identity.refresh(customer.get("refreshToken").asString()).expectStatus().isUnauthorized();
        identity.post(admin, "/api/identity/users/{id}/deactivate", null, id(customer))
                .expectStatus()
                .isEqualTo(409);

        identity.post(admin, "/api/identity/users/{id}/activate", null, id(customer))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.active")
                .isEqualTo(true);
        identity.login(email, PASSWORD).expectStatus().isOk();
        users.await(TopicProbe.key(id(customer)).and(TopicProbe.type("user.reactivated.v1")), 1);
    }

    @Test
    void admins_search_users_with_cursor_pages() {
        for (int i = 0; i < 3; i++) {
            identity.register("pager-" + i + "-" + System.nanoTime() + "@example.com", PASSWORD, "customer")
                    .expectStatus()
                    .isCreated();
        }
        JsonNode first = identity.get(admin, "/api/identity/users?q=pager-&limit=2")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = identity.get(
                        admin,
                        "/api/identity/users?q=pager-&limit=2&after={c}",
                        first.get("next").asString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(second.get("items")).hasSize(1);
        identity.get(admin, "/api/identity/users?limit=500")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void rotating_the_signing_key_keeps_old_tokens_valid_and_publishes_both_keys() throws Exception {
        JsonNode customer = identity.registered("customer");
        String oldKid = SignedJWT.parse(access(customer)).getHeader().getKeyID();

        identity.post(admin, "/api/identity/keys/rotate", null).expectStatus().isForbidden();
        String newKid = identity.post(superAdmin, "/api/identity/keys/rotate", null)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("kid")
                .asString();

        assertThat(newKid).isNotEqualTo(oldKid);
        identity.get(access(customer), "/api/identity/me")
                .exchange()
                .expectStatus()
                .isOk();
        JsonNode fresh = identity.refresh(customer.get("refreshToken").asString())
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(SignedJWT.parse(access(fresh)).getHeader().getKeyID()).isEqualTo(newKid);
        web.get()
                .uri("/.well-known/jwks.json")
                .exchange()
                .expectBody()
                .jsonPath("$.keys[?(@.kid == '" + oldKid + "')]")
                .exists()
                .jsonPath("$.keys[?(@.kid == '" + newKid + "')]")
                .exists();
    }
}
