package com.sprocket.platform.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a topic from its beginning in a test and waits for records with Awaitility. Each probe is
 * its own consumer group, so probes never steal records from the services under test.
 */
public final class TopicProbe implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicProbe(String bootstrapServers, String... topics) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        consumer.subscribe(List.of(topics));
    }

    public static TopicProbe of(String... topics) {
        return new TopicProbe(TestKafka.bootstrapServers(), topics);
    }

    /** A probe on another broker than the run's (a {@link KafkaProcess} of a fault test). */
    public static TopicProbe on(String bootstrapServers, String... topics) {
        return new TopicProbe(bootstrapServers, topics);
    }

    /** Everything read so far, after one more poll. */
    public synchronized List<ConsumerRecord<String, String>> records() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return List.copyOf(seen);
    }

    public List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> filter) {
        return records().stream().filter(filter).toList();
    }

    /** Waits (up to 30 s) until at least {@code count} records match, and returns the matching ones. */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count) {
        return await(filter, count, Duration.ofSeconds(30));
    }

    public List<ConsumerRecord<String, String>> await(
            Predicate<ConsumerRecord<String, String>> filter, int count, Duration atMost) {
        Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> matching(filter).size() >= count);
        return matching(filter);
    }

    public static Predicate<ConsumerRecord<String, String>> key(String key) {
        return record -> key.equals(record.key());
    }

    public static Predicate<ConsumerRecord<String, String>> type(String type) {
        return record -> type.equals(field(record, "type"));
    }

    /** The record's value as JSON (a CloudEvents envelope on Sprocket topics). */
    public static JsonNode json(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value());
    }

    /** A top-level text field of the envelope, or null when the value is not JSON. */
    public static String field(ConsumerRecord<String, String> record, String name) {
        try {
            JsonNode value = json(record).get(name);
            return value == null ? null : value.asString();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
