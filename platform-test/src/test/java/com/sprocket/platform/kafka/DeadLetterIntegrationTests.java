package com.sprocket.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.app.Widgets;
import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestDatabase;
import com.sprocket.platform.test.TestKafka;
import com.sprocket.platform.test.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A deterministic failure still goes to the dead-letter topic, with what an operator needs in its
 * headers; once its cause is fixed, a replay for the failing group applies it exactly once, and the
 * other group on the same topic never sees it again.
 */
@SprocketIntegrationTest
class DeadLetterIntegrationTests {

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    EventCodec codec;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Test
    void a_poison_event_is_dead_lettered_with_its_headers_and_a_replay_to_its_group_applies_it_once() throws Exception {
        TestDatabase database = TestDatabase.of(environment);
        String widget = Widgets.newWidget();
        database.execute("INSERT INTO poisoned_widgets (widget) VALUES (?)", widget);
        DeadLetters deadLetters = new DeadLetters(TestKafka.bootstrapServers());

        try (TopicProbe dlq = TopicProbe.of(Widgets.TOPIC + ".dlq")) {
            kafka.send(Widgets.TOPIC, widget, Widgets.envelope(codec, widget, false, 1))
                    .get();

            ConsumerRecord<String, String> dead =
                    dlq.await(TopicProbe.key(widget), 1).getFirst();
            assertThat(header(dead, ConsumerFailures.REASON_HEADER))
                    .isEqualTo("IllegalStateException: widget " + widget + " is poisoned");
            assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotBlank();
            assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Widgets.TOPIC);
            assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo(Widgets.GROUP);
            assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION))
                    .isNotNull();
            assertThat(ByteBuffer.wrap(dead.headers()
                                    .lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                                    .value())
                            .getLong())
                    .isNotNegative();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> audited(database, widget) == 1);
        assertThat(applied(database, widget)).isZero();
        assertThat(meters.get("sprocket.kafka.dead.letters")
                        .tag("topic", Widgets.TOPIC)
                        .tag("group", Widgets.GROUP)
                        .counter()
                        .count())
                .isPositive();
        assertThat(deadLetters.list(Widgets.TOPIC)).anySatisfy(letter -> {
            assertThat(letter.key()).isEqualTo(widget);
            assertThat(letter.group()).isEqualTo(Widgets.GROUP);
            assertThat(letter.reason()).contains("is poisoned");
            assertThat(letter.originalTopic()).isEqualTo(Widgets.TOPIC);
        });

        database.execute("DELETE FROM poisoned_widgets WHERE widget = ?", widget); // the cause is fixed
        DeadLetters.Replay replay = deadLetters.replay(Widgets.TOPIC, Widgets.GROUP, false);

        assertThat(replay.replayed()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(database, widget) == 1);
        DeadLetters.Replay again = deadLetters.replay(Widgets.TOPIC, Widgets.GROUP, true); // replays everything
        assertThat(again.replayed()).isPositive();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> applied(database, widget) == 1 && audited(database, widget) == 1);
    }

    @Test
    void declares_its_topics_and_their_dead_letter_topics_with_the_configured_settings() throws Exception {
        try (AdminClient admin =
                AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            var names = admin.listTopics().names().get();
            assertThat(names)
                    .contains(
                            "widgets.events",
                            "widgets.events.dlq",
                            "widgets.outbox-test",
                            "widgets.outbox-test.dlq",
                            "widgets.small.dlq");
            var description = admin.describeTopics(List.of("widgets.events.dlq"))
                    .allTopicNames()
                    .get()
                    .get("widgets.events.dlq");
            assertThat(description.partitions()).hasSize(3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "widgets.events.dlq");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        }
    }

    private static long applied(TestDatabase database, String widget) {
        return database.count("SELECT count(*) FROM widget_log WHERE widget = ?", widget);
    }

    private static long audited(TestDatabase database, String widget) {
        return database.count("SELECT count(*) FROM widget_audit WHERE widget = ?", widget);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
