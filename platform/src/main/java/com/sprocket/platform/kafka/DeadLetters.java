package com.sprocket.platform.kafka;

import com.sprocket.platform.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The operator's view of dead-letter topics: list what is in {@code <topic>.dlq} and why, and replay
 * it to the one consumer group that failed it, once its cause is fixed.
 *
 * <p>A replay re-publishes each dead letter of that group to its original topic with
 * {@value #REPLAY_FOR_HEADER}{@code : <group>}; every other group's listener containers skip such
 * records (see {@link #addressedToAnotherGroup}), so nothing is re-broadcast, and the target group's
 * inbox applies the event exactly once (a dead-lettered event was never recorded there). Which dead
 * letters were replayed is kept as the committed offsets of the group {@code sprocket-dlq-replay.<group>}
 * on the dead-letter topic, so a second replay sends only what arrived since ({@code all} sends
 * everything again; the inbox absorbs repeats).
 *
 * <p>An operations tool (the {@code ./sprocket dlq} command and tests): it uses the blocking Kafka
 * clients and never runs inside a service's request path.
 */
public final class DeadLetters {

    public static final String REPLAY_FOR_HEADER = "x-sprocket-replay-for";
    public static final String REPLAYED_FROM_HEADER = "x-sprocket-replayed-from";

    private static final Duration POLL = Duration.ofMillis(500);

    /** Settings every client of this tool gets: the brokers and, in a cluster, TLS and SASL. */
    private final Map<String, Object> client;

    public DeadLetters(String bootstrapServers) {
        this(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public DeadLetters(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    /**
     * Client settings from the environment variables a service reads ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS},
     * {@code SPRING_KAFKA_SECURITY_PROTOCOL}, {@code SPRING_KAFKA_SSL_TRUST_STORE_TYPE|LOCATION},
     * {@code SPRING_KAFKA_PROPERTIES_<NAME>}), so the tool runs with a service's ConfigMap in a cluster.
     */
    public static Map<String, Object> clientFromEnvironment(Map<String, String> env) {
        Map<String, Object> client = new HashMap<>();
        client.put(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                env.getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        Optional.ofNullable(env.get("SPRING_KAFKA_SECURITY_PROTOCOL"))
                .ifPresent(value -> client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, value));
        Optional.ofNullable(env.get("SPRING_KAFKA_SSL_TRUST_STORE_TYPE"))
                .ifPresent(value -> client.put("ssl.truststore.type", value));
        Optional.ofNullable(env.get("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION"))
                .ifPresent(value -> client.put("ssl.truststore.location", value.replaceFirst("^file:", "")));
        env.forEach((name, value) -> {
            if (name.startsWith("SPRING_KAFKA_PROPERTIES_")) {
                String property = name.substring("SPRING_KAFKA_PROPERTIES_".length())
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '.');
                client.put(property, value);
            }
        });
        return client;
    }

    /** A record filter for every listener container: true (skip) for a replay meant for another group. */
    static boolean addressedToAnotherGroup(ConsumerRecord<?, ?> record) {
        Header target = record.headers().lastHeader(REPLAY_FOR_HEADER);
        if (target == null) {
            return false;
        }
        String group = KafkaUtils.getConsumerGroupId();
        return group == null || !group.equals(new String(target.value(), StandardCharsets.UTF_8));
    }

    /** Everything in {@code <topic>.dlq}, oldest first per partition. */
    public List<DeadLetter> list(String topic) {
        try (var consumer = consumer(null)) {
            List<DeadLetter> letters = new ArrayList<>();
            readAll(consumer, Topics.deadLetterOf(topic), true, record -> letters.add(DeadLetter.of(record)));
            return letters;
        }
    }

    /**
     * Re-delivers the dead letters of {@code topic} that {@code group} failed to that group only.
     *
     * @param all replay every such dead letter again, not only those not replayed yet
     */
    public Replay replay(String topic, String group, boolean all) {
        int replayed = 0;
        int skipped = 0;
        try (var consumer = consumer("sprocket-dlq-replay." + group);
                var producer = producer()) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            readAll(consumer, Topics.deadLetterOf(topic), all, records::add);
            for (ConsumerRecord<String, String> record : records) {
                if (group.equals(header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP))) {
                    producer.send(replayOf(record, topic, group));
                    replayed++;
                } else {
                    skipped++;
                }
            }
            producer.flush();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (TopicPartition partition : consumer.assignment()) {
                done.put(partition, new OffsetAndMetadata(consumer.position(partition)));
            }
            consumer.commitSync(done);
        }
        return new Replay(replayed, skipped);
    }

    private static ProducerRecord<String, String> replayOf(
            ConsumerRecord<String, String> record, String topic, String group) {
        String original = Optional.ofNullable(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC))
                .orElse(topic);
        var headers = new RecordHeaders();
        for (Header header : record.headers()) {
            String name = header.key();
            if (!name.startsWith("kafka_dlt-") && !name.startsWith("x-sprocket-")) {
                headers.add(header);
            }
        }
        headers.add(REPLAY_FOR_HEADER, group.getBytes(StandardCharsets.UTF_8));
        headers.add(
                REPLAYED_FROM_HEADER,
                (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(original, null, record.key(), record.value(), headers);
    }

    /** Reads from the committed position (or the beginning) up to the end offsets of now. */
    private static void readAll(
            KafkaConsumer<String, String> consumer,
            String topic,
            boolean fromBeginning,
            java.util.function.Consumer<ConsumerRecord<String, String>> sink) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            consumer.poll(POLL).forEach(sink);
        }
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config);
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(config);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The recoverer writes original partition and offset as big-endian binary numbers. */
    private static <T> T number(
            ConsumerRecord<?, ?> record,
            String name,
            int size,
            java.util.function.Function<java.nio.ByteBuffer, T> read) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value().length != size
                ? null
                : read.apply(java.nio.ByteBuffer.wrap(header.value()));
    }

    /** How many dead letters a replay re-delivered, and how many belonged to other groups. */
    public record Replay(int replayed, int skipped) {}

    /** One dead letter as an operator reads it. */
    public record DeadLetter(
            int partition,
            long offset,
            String key,
            String originalTopic,
            Integer originalPartition,
            Long originalOffset,
            String group,
            String reason,
            String exception,
            Instant deadLetteredAt,
            String value) {

        static DeadLetter of(ConsumerRecord<String, String> record) {
            return new DeadLetter(
                    record.partition(),
                    record.offset(),
                    record.key(),
                    header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                    number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION, 4, buffer -> buffer.getInt()),
                    number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET, 8, buffer -> buffer.getLong()),
                    header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP),
                    header(record, ConsumerFailures.REASON_HEADER),
                    header(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
                    Instant.ofEpochMilli(record.timestamp()),
                    record.value());
        }
    }
}
