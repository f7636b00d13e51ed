package com.sprocket.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.app.WidgetChanged;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.KafkaConfiguration;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

@SprocketIntegrationTest
class InboxIntegrationTests {

    private static final String TOPIC = "widgets.events";

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    DatabaseClient db;

    @Test
    void applies_a_redelivered_event_only_once() throws Exception {
        String widget = UUID.randomUUID().toString();
        String event = envelope(widget, false);

        kafka.send(TOPIC, widget, event).get();
        kafka.send(TOPIC, widget, event).get(); // the broker redelivers, or the producer retried
        String marker = UUID.randomUUID().toString();
        kafka.send(TOPIC, widget, envelope(marker, false)).get(); // same key: applied after both copies

        await().atMost(Duration.ofSeconds(30)).until(() -> applied(marker) == 1);
        assertThat(applied(widget)).isEqualTo(1);
        assertThat(inboxRows()).isEqualTo(2);
    }

    @Test
    void dead_letters_a_malformed_event_with_its_reason_without_retrying() throws Exception {
        String key = UUID.randomUUID().toString();
        try (TopicProbe dlq = TopicProbe.of(TOPIC + ".dlq")) {
            kafka.send(TOPIC, key, "{not json").get();

            ConsumerRecord<String, String> dead =
                    dlq.await(TopicProbe.key(key), 1).getFirst();

            assertThat(dead.value()).isEqualTo("{not json");
            assertThat(reason(dead)).startsWith("MalformedEventException: not a CloudEvents envelope");
        }
    }

    @Test
    void dead_letters_an_event_that_keeps_failing_after_bounded_retries_and_moves_on() throws Exception {
        String poison = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();
        try (TopicProbe dlq = TopicProbe.of(TOPIC + ".dlq")) {
            kafka.send(TOPIC, poison, envelope(poison, true)).get();
            kafka.send(TOPIC, poison, envelope(next, false)).get();

            ConsumerRecord<String, String> dead =
                    dlq.await(TopicProbe.key(poison), 1).getFirst();

            assertThat(reason(dead)).isEqualTo("IllegalStateException: widget " + poison + " cannot be applied");
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(next) == 1);
            assertThat(applied(poison)).isZero();
        }
    }

    private String envelope(String widget, boolean poison) {
        return codec.write(new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                "widget.changed.v1",
                "sprocket/test",
                widget,
                Instant.now(),
                null,
                codec.toTree(new WidgetChanged(widget, poison))));
    }

    private int applied(String widget) {
        return db.sql("SELECT applied FROM widget_counts WHERE widget = :w")
                .bind("w", widget)
                .map(row -> row.get("applied", Integer.class))
                .one()
                .defaultIfEmpty(0)
                .block();
    }

    private long inboxRows() {
        return db.sql("SELECT count(*) AS n FROM inbox WHERE consumer = 'widget-counter'")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return new String(
                record.headers().lastHeader(KafkaConfiguration.REASON_HEADER).value(), StandardCharsets.UTF_8);
    }
}
