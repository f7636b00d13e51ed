package com.sprocket.platform.security;

import static org.awaitility.Awaitility.await;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.RevocationListener;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** identity's deactivations and role changes revoke earlier tokens in every service, within moments. */
@SprocketIntegrationTest
class RevocationIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Test
    void a_deactivated_user_is_refused_until_reactivated_and_then_only_with_a_new_token() throws Exception {
        TestUser user = TestTokens.customer();
        TestUser bystander = TestTokens.customer();
        whoami(user.bearer()).expectStatus().isOk();

        publish("user.deactivated.v1", user.id(), Map.of());

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> whoami(user.bearer()).expectStatus().isUnauthorized());
        whoami(bystander.bearer()).expectStatus().isOk();
        whoami("Bearer " + TestTokens.token(user.id(), List.of(Role.CUSTOMER)))
                .expectStatus()
                .isUnauthorized(); // deactivated: no token of theirs works, however new

        publish("user.reactivated.v1", user.id(), Map.of());
        String afterwards = "Bearer " + TestTokens.token(user.id(), List.of(Role.CUSTOMER));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> whoami(afterwards).expectStatus().isOk());
        whoami(user.bearer()).expectStatus().isUnauthorized(); // minted before the deactivation
    }

    @Test
    void a_role_change_revokes_the_tokens_that_carry_the_old_role_and_accepts_the_new_one_at_once() {
        TestUser admin = TestTokens.admin();
        whoami(admin.bearer()).expectStatus().isOk();

        publish("user.role-changed.v1", admin.id(), Map.of("from", "admin", "to", "customer"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> whoami(admin.bearer()).expectStatus().isUnauthorized());
        // minted in the same second, with the new role
        whoami("Bearer " + TestTokens.token(admin.id(), List.of(Role.CUSTOMER)))
                .expectStatus()
                .isOk();
    }

    private void publish(String type, UUID user, Map<String, String> extra) {
        Map<String, String> data = new java.util.HashMap<>(extra);
        data.put("userId", user.toString());
        var envelope = new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                type,
                "sprocket/test",
                user.toString(),
                Instant.now(),
                null,
                codec.toTree(data));
        try {
            kafka.send(RevocationListener.TOPIC, user.toString(), codec.write(envelope))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private WebTestClient.ResponseSpec whoami(String bearer) {
        return client.get()
                .uri("/whoami")
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange();
    }
}
