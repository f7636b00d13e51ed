package com.sprocket.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.app.Widgets;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.FaultInjection;
import com.sprocket.platform.test.Faults;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestDatabase;
import com.sprocket.platform.test.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * A consumer's database goes away for 30 s while events keep arriving: the consumer waits (paused,
 * offset unmoved) instead of dead-lettering, and applies everything once, in order, when it is back.
 */
@SprocketIntegrationTest
@FaultInjection
@TestPropertySource(properties = {"sprocket.kafka.transient-max-backoff=2s", "spring.r2dbc.pool.max-acquire-time=2s"})
class ConsumerFaultIntegrationTests {

    private static final int WIDGETS = 5;
    private static final int EVENTS_PER_WIDGET = 20;

    @Autowired
    Faults faults;

    @Autowired
    EventCodec codec;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Test
    void a_database_outage_of_30_seconds_is_waited_out_and_every_event_is_applied_once_in_order() {
        TestDatabase database = TestDatabase.of(environment);
        List<String> widgets =
                IntStream.range(0, WIDGETS).mapToObj(i -> Widgets.newWidget()).toList();
        try (var producer = producer();
                TopicProbe deadLetters = TopicProbe.on(faults.kafka().bootstrapServers(), Widgets.TOPIC + ".dlq")) {
            send(producer, widgets, 1, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(database) == WIDGETS * 2L);

            faults.database().cut();
            send(producer, widgets, 3, 10); // arrive while the database is away
            var pausedSeen = new java.util.concurrent.atomic.AtomicBoolean();
            await("nothing dead-lettered for the whole outage")
                    .during(Duration.ofSeconds(30))
                    .atMost(Duration.ofSeconds(35))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (meters.get("sprocket.kafka.consumers.paused")
                                        .gauge()
                                        .value()
                                > 0) {
                            pausedSeen.set(true);
                        }
                        return deadLetters.records().isEmpty();
                    });
            assertThat(pausedSeen)
                    .as("a consumer paused to wait out the outage")
                    .isTrue();
            send(producer, widgets, 11, EVENTS_PER_WIDGET); // and some more just before it returns
            faults.database().restore();

            await().atMost(Duration.ofSeconds(90)).until(() -> applied(database) == WIDGETS * (long) EVENTS_PER_WIDGET);
            await().during(Duration.ofSeconds(2))
                    .until(() -> deadLetters.records().isEmpty());
        }
        for (String widget : widgets) {
            assertThat(sequences(database, widget))
                    .as("events of %s applied once each, in order", widget)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, EVENTS_PER_WIDGET).boxed().toList());
        }
        assertThat(database.count("SELECT count(*) FROM widget_audit")).isEqualTo(WIDGETS * (long) EVENTS_PER_WIDGET);
        assertThat(meters.get("sprocket.kafka.transient.failures").counters())
                .as("the outage was seen as transient")
                .isNotEmpty();
    }

    private void send(KafkaProducer<String, String> producer, List<String> widgets, int from, int to) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int sequence = from; sequence <= to; sequence++) {
            for (String widget : widgets) {
                sent.add(producer.send(
                        new ProducerRecord<>(Widgets.TOPIC, widget, Widgets.envelope(codec, widget, false, sequence))));
            }
        }
        producer.flush();
        assertThat(sent).allMatch(java.util.concurrent.Future::isDone);
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                faults.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    private static long applied(TestDatabase database) {
        return database.count("SELECT count(*) FROM widget_log");
    }

    private static List<Integer> sequences(TestDatabase database, String widget) {
        return database.rows("SELECT sequence FROM widget_log WHERE widget = ? ORDER BY id", widget).stream()
                .map(row -> (Integer) row.get("sequence"))
                .toList();
    }
}
