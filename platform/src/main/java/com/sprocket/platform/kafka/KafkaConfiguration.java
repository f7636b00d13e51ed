package com.sprocket.platform.kafka;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.MalformedEventException;
import com.sprocket.platform.events.Topics;
import com.sprocket.platform.inbox.Inbox;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Kafka wiring shared by every service: declared topics with their dead-letter topics, bounded
 * retries with backoff and then the DLQ (never the default log-and-skip), and the inbox consumer.
 */
@AutoConfiguration(after = com.sprocket.platform.PlatformAutoConfiguration.class)
@EnableConfigurationProperties(KafkaProperties.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnClass(
        name = "org.springframework.kafka.core.KafkaTemplate")
@org.springframework.boot.autoconfigure.condition.ConditionalOnBean(type = "com.sprocket.platform.inbox.Inbox")
public class KafkaConfiguration {

    public static final String REASON_HEADER = "x-sprocket-dlq-reason";

    @Bean
    KafkaAdmin.NewTopics sprocketTopics(KafkaProperties properties) {
        return new KafkaAdmin.NewTopics(properties.topics().stream()
                .flatMap(topic -> Stream.of(topic, Topics.deadLetterOf(topic)))
                .map(topic -> new NewTopic(topic, properties.partitions(), properties.replicas()))
                .toArray(NewTopic[]::new));
    }

    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template, KafkaProperties properties) {
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, error) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        recoverer.setHeadersFunction((record, error) -> {
            var headers = new RecordHeaders();
            headers.add(REASON_HEADER, reasonOf(error).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        var backOff = new ExponentialBackOffWithMaxRetries(properties.retries());
        backOff.setInitialInterval(properties.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, DeserializationException.class);
        return handler;
    }

    @Bean
    EventConsumer eventConsumer(EventCodec codec, Inbox inbox, KafkaProperties properties) {
        return new EventConsumer(codec, inbox, properties.handlerTimeout());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }

    static String reasonOf(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName() + message;
    }
}
