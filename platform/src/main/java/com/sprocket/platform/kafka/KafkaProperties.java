package com.sprocket.platform.kafka;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service uses Kafka.
 *
 * @param topics topics this service publishes; each is declared with its {@code .dlq}. The topics its
 *     listeners consume get their {@code .dlq} declared too (the consumer writes there).
 * @param createTopics create the declared topics at start-up when they are missing (off where an
 *     operator owns topics, e.g. Strimzi's KafkaTopic resources); either way a missing topic turns
 *     readiness DOWN and says which
 * @param createConsumedTopics also create the topics this service's listeners consume (their producer
 *     normally does; a test of one service alone has no producer)
 * @param partitions partitions of declared topics
 * @param replicas replication factor of declared topics (1 locally, 3 in production)
 * @param minInsyncReplicas {@code min.insync.replicas} of declared topics (2 in production)
 * @param retries attempts after the first before an event that fails permanently is dead-lettered
 * @param initialBackoff first retry delay, doubled per attempt up to {@code maxBackoff}
 * @param maxBackoff longest delay between retries of a permanent failure
 * @param transientMaxBackoff longest pause between retries of a transient failure (retried for as long
 *     as it lasts)
 * @param handlerTimeout the longest one event's effect may take; exceeding it counts as transient
 * @param transientExceptions extra exception classes (fully qualified) to wait out instead of dead-lettering
 * @param permanentExceptions extra exception classes to dead-lettering after {@code retries}, even if a
 *     transient one is among their causes
 */
@ConfigurationProperties("sprocket.kafka")
public record KafkaProperties(
        @DefaultValue List<String> topics,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("false") boolean createConsumedTopics,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicas,
        @DefaultValue("1") int minInsyncReplicas,
        @DefaultValue("3") int retries,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("2s") Duration maxBackoff,
        @DefaultValue("30s") Duration transientMaxBackoff,
        @DefaultValue("30s") Duration handlerTimeout,
        @DefaultValue List<String> transientExceptions,
        @DefaultValue List<String> permanentExceptions) {}
