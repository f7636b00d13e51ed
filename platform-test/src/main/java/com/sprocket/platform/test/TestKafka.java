package com.sprocket.platform.test;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker of a test run, one per JVM: an embedded KRaft broker from the Kafka jars, or a
 * Testcontainers broker where a Docker engine is present.
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static volatile String bootstrapServers;

    private TestKafka() {}

    public static String bootstrapServers() {
        if (bootstrapServers == null) {
            synchronized (TestKafka.class) {
                if (bootstrapServers == null) {
                    bootstrapServers = start();
                }
            }
        }
        return bootstrapServers;
    }

    private static String start() {
        if (TestInfrastructure.useContainers()) {
            var container = new KafkaContainer("apache/kafka-native:4.1.0");
            container.start();
            log.info("test Kafka: Testcontainers {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        var broker = new EmbeddedKafkaKraftBroker(1, 3)
                .brokerProperties(Map.of(
                        // as in production: a topic nobody declared does not exist, so tests see it
                        "auto.create.topics.enable", "false",
                        "offsets.topic.replication.factor", "1",
                        "transaction.state.log.replication.factor", "1",
                        "transaction.state.log.min.isr", "1",
                        "group.initial.rebalance.delay.ms", "0",
                        "log.flush.interval.messages", "1000000"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("test Kafka: embedded KRaft broker {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }
}
