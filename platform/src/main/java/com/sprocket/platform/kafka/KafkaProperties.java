package com.sprocket.platform.kafka;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topics topics this service publishes or consumes; each is declared with its {@code .dlq}
 * @param partitions partitions of declared topics
 * @param replicas replication factor of declared topics (1 locally, 3 in production)
 * @param retries delivery attempts after the first before a record is dead-lettered
 * @param initialBackoff first retry delay, doubled per attempt up to {@code maxBackoff}
 * @param handlerTimeout the longest one event's effect may take
 */
@ConfigurationProperties("sprocket.kafka")
public record KafkaProperties(
        @DefaultValue List<String> topics,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicas,
        @DefaultValue("3") int retries,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("2s") Duration maxBackoff,
        @DefaultValue("30s") Duration handlerTimeout) {}
