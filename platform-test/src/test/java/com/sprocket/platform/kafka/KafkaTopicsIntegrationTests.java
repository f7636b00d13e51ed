package com.sprocket.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestKafka;
import com.sprocket.platform.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Where an operator owns the topics (create-topics off), a missing one is a readiness failure that
 * names it, and readiness recovers once it exists.
 */
@SprocketIntegrationTest
@TestPropertySource(properties = {"sprocket.kafka.create-topics=false", "sprocket.kafka.topics=widgets.operator-owned"})
class KafkaTopicsIntegrationTests {

    @Autowired
    WebTestClient client;

    @Autowired
    KafkaTopics topics;

    @Test
    void readiness_names_the_missing_topics_until_they_exist() throws Exception {
        assertThat(topics.required())
                .contains(
                        "widgets.operator-owned", "widgets.operator-owned.dlq", "widgets.events", "widgets.events.dlq");

        JsonNode down = readiness(503);
        assertThat(down.at("/components/kafka/details/missingTopics").toString())
                .contains("widgets.operator-owned");

        try (AdminClient admin =
                AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.required().stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, 3, (short) 1))
                    .toList();
            admin.createTopics(missing).all().get();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> readiness(200));
    }

    private JsonNode readiness(int status) {
        return client.get()
                .uri("/actuator/health/readiness")
                .header("Authorization", TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
