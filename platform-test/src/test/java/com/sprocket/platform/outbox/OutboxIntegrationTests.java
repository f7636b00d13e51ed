package com.sprocket.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.app.WidgetChanged;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

@SprocketIntegrationTest
class OutboxIntegrationTests {

    private static final String TOPIC = "widgets.outbox-test";

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    DatabaseClient db;

    private final TopicProbe probe = TopicProbe.of(TOPIC);

    @AfterEach
    void closeProbe() {
        probe.close();
        if (!relay.isRunning()) {
            relay.start();
        }
    }

    @Test
    void publishes_each_committed_event_exactly_once_with_a_cloudevents_envelope() {
        String widget = UUID.randomUUID().toString();

        commit(event(widget));

        List<ConsumerRecord<String, String>> records = probe.await(TopicProbe.key(widget), 1);
        ConsumerRecord<String, String> record = records.getFirst();
        assertThat(TopicProbe.field(record, "specversion")).isEqualTo("1.0");
        assertThat(TopicProbe.field(record, "type")).isEqualTo("widget.changed.v1");
        assertThat(TopicProbe.field(record, "source")).isEqualTo("sprocket/platform-test-app");
        assertThat(TopicProbe.field(record, "subject")).isEqualTo(widget);
        assertThat(TopicProbe.json(record).get("data").get("widget").asString()).isEqualTo(widget);
        assertThat(record.headers().lastHeader("content-type")).isNotNull();
        assertStaysAt(widget, 1);
        assertThat(unpublished()).isZero();
    }

    @Test
    void does_not_publish_events_of_a_rolled_back_transaction() {
        String widget = UUID.randomUUID().toString();
        String marker = UUID.randomUUID().toString();

        Mono<Void> failing = outbox.append(event(widget)).then(Mono.error(new IllegalStateException("rolled back")));
        failing.as(tx::transactional).onErrorResume(e -> Mono.empty()).block();
        commit(event(marker));

        probe.await(TopicProbe.key(marker), 1);
        assertThat(probe.matching(TopicProbe.key(widget))).isEmpty();
    }

    @Test
    void publishes_events_committed_while_the_relay_was_down_once_it_is_back() {
        relay.stop(); // the process died after the commit and before the publish
        String widget = UUID.randomUUID().toString();
        commit(event(widget));
        await().during(Duration.ofSeconds(1))
                .until(() -> probe.matching(TopicProbe.key(widget)).isEmpty());
        assertThat(unpublished()).isEqualTo(1);

        relay.start(); // the replacement starts

        probe.await(TopicProbe.key(widget), 1);
        assertStaysAt(widget, 1);
    }

    @Test
    void keeps_the_order_of_one_aggregates_events() {
        String widget = UUID.randomUUID().toString();
        for (int i = 0; i < 20; i++) {
            commit(new OutboxEvent(
                    TOPIC, "widget", widget, "widget.changed.v" + (i + 1), new WidgetChanged(widget, false)));
        }

        List<ConsumerRecord<String, String>> records = probe.await(TopicProbe.key(widget), 20);

        for (int i = 0; i < 20; i++) {
            assertThat(TopicProbe.field(records.get(i), "type")).isEqualTo("widget.changed.v" + (i + 1));
        }
    }

    private void commit(OutboxEvent event) {
        outbox.append(event).as(tx::transactional).block();
    }

    private static OutboxEvent event(String widget) {
        return new OutboxEvent(TOPIC, "widget", widget, "widget.changed.v1", new WidgetChanged(widget, false));
    }

    private void assertStaysAt(String widget, int count) {
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> probe.matching(TopicProbe.key(widget)).size() == count);
    }

    private long unpublished() {
        return db.sql("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
