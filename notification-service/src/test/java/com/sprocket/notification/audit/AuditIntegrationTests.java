package com.sprocket.notification.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.notification.Streams;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestTokens;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@SprocketIntegrationTest
class AuditIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    DatabaseClient db;

    @Test
    void every_consumed_event_produces_exactly_one_audit_row_even_when_redelivered() {
        UUID admin = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        Map<String, Object> data =
                Map.of("userId", user.toString(), "from", "customer", "to", "vendor", "changedBy", admin.toString());

        Streams.send(kafka, codec, "identity.users", id, "user.role-changed.v1", user.toString(), data);
        Streams.send(kafka, codec, "identity.users", id, "user.role-changed.v1", user.toString(), data);
        String marker = Streams.publish(
                kafka,
                codec,
                "identity.users",
                "user.deactivated.v1",
                user.toString(),
                Map.of("userId", user.toString(), "deactivatedBy", admin.toString()));

        await().atMost(Duration.ofSeconds(30)).until(() -> rows(marker) == 1);
        assertThat(rows(id)).isEqualTo(1);
        JsonNode byActor = client.get()
                .uri("/api/audit/activity?actor={a}", admin)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(byActor.get("items")).hasSize(2);
        assertThat(byActor.get("items").get(1).get("action").asString()).isEqualTo("user.role-changed");
        JsonNode byEntity = client.get()
                .uri("/api/audit/activity?entityType=user&entityId={u}", user)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.superAdmin().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(byEntity.get("items")).hasSize(2);
    }

    @Test
    void only_admins_read_and_only_super_admins_purge_the_audit_log() {
        client.get()
                .uri("/api/audit/activity")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri("/api/audit/activity")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.vendor().bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get().uri("/api/audit/activity").exchange().expectStatus().isUnauthorized();
        client.delete()
                .uri("/api/audit/activity?before=2000-01-01T00:00:00Z")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.delete()
                .uri("/api/audit/activity?before=2000-01-01T00:00:00Z")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.superAdmin().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.deleted")
                .isEqualTo(0);
        client.get()
                .uri("/api/audit/activity?entityId=x")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    private long rows(String eventId) {
        return db.sql("SELECT count(*) AS n FROM activity_logs WHERE event_id = :id")
                .bind("id", eventId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
