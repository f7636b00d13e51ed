package com.sprocket.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.app.Widgets;
import com.sprocket.platform.test.FaultInjection;
import com.sprocket.platform.test.Faults;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestDatabase;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.JsonNode;

/**
 * The relay under faults, against a broker process of the test's own: a record the broker refuses
 * for ever is parked without holding back anyone else; a broker outage is waited out with no
 * transaction held open; a relay that died between send and mark sends again and the inbox absorbs it.
 */
@SprocketIntegrationTest
@FaultInjection
@TestPropertySource(
        properties = {
            "sprocket.outbox.park-after-attempts=3",
            "sprocket.outbox.retry-backoff=200ms",
            "sprocket.outbox.max-retry-backoff=2s",
            "sprocket.outbox.monitor-interval=500ms",
            "spring.kafka.producer.properties.max.block.ms=3000",
            "spring.kafka.producer.properties.request.timeout.ms=3000",
            "spring.kafka.producer.properties.delivery.timeout.ms=6000"
        })
class OutboxFaultIntegrationTests {

    private static final String SMALL = "widgets.small";

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    Faults faults;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Autowired
    WebTestClient client;

    @Test
    void a_record_the_broker_refuses_is_parked_and_holds_back_only_its_own_key() throws Exception {
        TestDatabase database = TestDatabase.of(environment);
        allowOnly2KilobytesOn(SMALL);
        String stuck = Widgets.newWidget();
        String other = Widgets.newWidget();

        commit(new OutboxEvent(SMALL, "widget", stuck, "widget.changed.v1", Map.of("padding", "x".repeat(10_000))));
        commit(Widgets.outboxEvent(SMALL, stuck, 2)); // same key, after the big one: must wait
        commit(Widgets.outboxEvent(SMALL, other, 1)); // another aggregate, committed later: must flow

        try (TopicProbe probe = TopicProbe.on(faults.kafka().bootstrapServers(), SMALL)) {
            probe.await(TopicProbe.key(other), 1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> database.count(
                                    "SELECT count(*) FROM outbox WHERE aggregate_id = ? AND parked_at IS NOT NULL",
                                    stuck)
                            == 1);
            await().during(Duration.ofSeconds(2))
                    .until(() -> probe.matching(TopicProbe.key(stuck)).isEmpty());
        }
        Map<String, Object> parked = database.rows(
                        "SELECT attempts, last_error FROM outbox WHERE aggregate_id = ? AND parked_at IS NOT NULL",
                        stuck)
                .getFirst();
        assertThat(parked.get("attempts")).isEqualTo(3);
        assertThat((String) parked.get("last_error")).containsIgnoringCase("TooLarge");
        assertThat(database.count(
                        "SELECT count(*) FROM outbox WHERE aggregate_id = ? AND published_at IS NULL AND parked_at IS NULL",
                        stuck))
                .as("the later event of the parked key waits")
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("sprocket.outbox.parked").gauge().value() == 1.0);
        JsonNode health = client.get()
                .uri("/actuator/health")
                .header("Authorization", TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(health.at("/components/outbox/status").asString()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/outbox/details/parked").asInt()).isEqualTo(1);
        // what the SprocketOutboxParked alert reads: the gauge, next to the counter of parkings
        String scrape = client.get()
                .uri("/actuator/prometheus")
                .header("Authorization", TestTokens.admin().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scrape).containsPattern("(?m)^sprocket_outbox_parked\\{[^}]*} 1\\.0$");
        assertThat(scrape).containsPattern("(?m)^sprocket_outbox_parked_events_total\\{[^}]*} [1-9]");
    }

    @Test
    void a_broker_outage_of_30_seconds_loses_nothing_and_holds_no_transaction_open() {
        TestDatabase database = TestDatabase.of(environment);
        String widget = Widgets.newWidget();
        AtomicInteger committed = new AtomicInteger();
        var writer = Executors.newSingleThreadScheduledExecutor();
        List<Map<String, Object>> longTransactions = new ArrayList<>();
        try (TopicProbe probe = TopicProbe.on(faults.kafka().bootstrapServers(), Widgets.TOPIC)) {
            faults.kafka().kill();
            writer.scheduleAtFixedRate(
                    () -> commit(Widgets.outboxEvent(Widgets.TOPIC, widget, committed.incrementAndGet())),
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
            await("the broker is away; the service keeps writing")
                    .during(Duration.ofSeconds(30))
                    .atMost(Duration.ofSeconds(35))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        longTransactions.addAll(openTransactions(database));
                        return true;
                    });
            writer.shutdown();
            await().atMost(Duration.ofSeconds(5)).until(writer::isTerminated);
            faults.kafka().restart();

            int written = committed.get();
            assertThat(written).isGreaterThan(50);
            probe.await(TopicProbe.key(widget), written, Duration.ofSeconds(90));
            await().during(Duration.ofSeconds(2))
                    .until(() -> probe.matching(TopicProbe.key(widget)).size() == written);
        } finally {
            writer.shutdownNow();
        }
        assertThat(longTransactions)
                .as("no transaction stayed open while Kafka was away")
                .isEmpty();
        assertThat(database.count(
                        "SELECT count(*) FROM outbox WHERE aggregate_id = ? AND parked_at IS NOT NULL", widget))
                .as("an outage parks nothing")
                .isZero();
        assertThat(database.count("SELECT coalesce(max(attempts), 0) FROM outbox WHERE aggregate_id = ?", widget))
                .as("attempts are not counted while the broker is away (a send that fails as it returns may count one)")
                .isLessThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        database.count("SELECT count(*) FROM widget_log WHERE widget = ?", widget) == committed.get());
    }

    @Test
    void a_relay_that_died_between_send_and_mark_sends_again_and_the_inbox_applies_once() {
        TestDatabase database = TestDatabase.of(environment);
        List<String> widgets = List.of(Widgets.newWidget(), Widgets.newWidget(), Widgets.newWidget());
        widgets.forEach(widget -> commit(Widgets.outboxEvent(Widgets.TOPIC, widget, 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(database, widgets) == widgets.size());
        double duplicatesBefore = duplicates();

        relay.stop(); // the process died after Kafka acknowledged the rows and before it marked them
        database.execute("UPDATE outbox SET published_at = NULL WHERE aggregate_id = ANY(?)", (Object)
                widgets.toArray(String[]::new));
        relay.start(); // its replacement sends them again

        try (TopicProbe probe = TopicProbe.on(faults.kafka().bootstrapServers(), Widgets.TOPIC)) {
            widgets.forEach(widget -> probe.await(TopicProbe.key(widget), 2));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() - duplicatesBefore >= widgets.size());
        assertThat(applied(database, widgets)).isEqualTo(widgets.size());
    }

    private void commit(OutboxEvent event) {
        outbox.append(event).as(tx::transactional).block();
    }

    private void allowOnly2KilobytesOn(String topic) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, faults.kafka().bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(
                                List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("max.message.bytes", "2048"))))
                        .all()
                        .get();
            } else {
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
                admin.incrementalAlterConfigs(Map.of(
                                resource,
                                List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                                        new org.apache.kafka.clients.admin.ConfigEntry("max.message.bytes", "2048"),
                                        org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
                        .all()
                        .get();
            }
        }
    }

    /** Sessions of the service's database in a transaction for more than a second (not ours). */
    private static List<Map<String, Object>> openTransactions(TestDatabase database) {
        return database.rows("""
                SELECT pid, state, now() - xact_start AS open_for, left(query, 120) AS query FROM pg_stat_activity
                WHERE datname = ? AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                  AND now() - xact_start > interval '1 second'
                """, database.name());
    }

    private static long applied(TestDatabase database, List<String> widgets) {
        return database.count(
                "SELECT count(*) FROM widget_log WHERE widget = ANY(?)", (Object) widgets.toArray(String[]::new));
    }

    private double duplicates() {
        var counter = meters.find("sprocket.inbox.duplicates")
                .tag("consumer", Widgets.CONSUMER)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
