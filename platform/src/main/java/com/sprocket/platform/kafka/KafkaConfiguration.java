package com.sprocket.platform.kafka;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerRegistry;

/**
 * Kafka wiring shared by every service: declared topics with their dead-letter topics, consumers that
 * wait out transient failures and dead-letter only permanent ones, dead-letter replays addressed to
 * one consumer group, and the inbox consumer.
 */
@AutoConfiguration(
        after = {
            com.sprocket.platform.PlatformAutoConfiguration.class,
            com.sprocket.platform.security.SecurityConfiguration.class
        })
@EnableConfigurationProperties(KafkaProperties.class)
@ConditionalOnClass(name = "org.springframework.kafka.core.KafkaTemplate")
@ConditionalOnBean(type = "com.sprocket.platform.inbox.Inbox")
public class KafkaConfiguration {

    /** Why a record was dead-lettered ({@code <ExceptionClass>: <message>} of the root cause). */
    public static final String REASON_HEADER = ConsumerFailures.REASON_HEADER;

    @Bean
    FailureClassifier failureClassifier(KafkaProperties properties) {
        return new FailureClassifier(properties.transientExceptions(), properties.permanentExceptions());
    }

    @Bean
    ConsumerFailures consumerFailures(
            KafkaTemplate<String, String> template,
            KafkaProperties properties,
            FailureClassifier classifier,
            ObjectProvider<ListenerContainerRegistry> registry,
            MeterRegistry meters) {
        return new ConsumerFailures(template, properties, classifier, registry, meters);
    }

    /** Picked up by Spring Boot's listener container factory. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(ConsumerFailures failures) {
        return failures.errorHandler();
    }

    @Bean
    EventConsumer eventConsumer(EventCodec codec, Inbox inbox, KafkaProperties properties) {
        return new EventConsumer(codec, inbox, properties.handlerTimeout());
    }

    @Bean
    KafkaTopics kafkaTopics(
            KafkaAdmin admin, KafkaProperties properties, ObjectProvider<ListenerContainerRegistry> registry) {
        return new KafkaTopics(admin, properties, registry);
    }

    /** Deactivations and role changes revoke older tokens in this service too (see RevokedSubjects). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(
            com.sprocket.platform.security.RevokedSubjects.class)
    RevocationListener revocationListener(
            com.sprocket.platform.security.RevokedSubjects revoked,
            EventCodec codec,
            com.sprocket.platform.security.JwtProperties jwt) {
        return new RevocationListener(revoked, codec, jwt.revocationMemory());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(BrokerProbe broker, KafkaTopics topics) {
        return new KafkaHealthIndicator(broker, topics);
    }

    /**
     * Every listener container skips records replayed from a dead-letter topic for another consumer
     * group (see {@link DeadLetters}), so a replay reaches the one group that failed them and nobody
     * else: the realtime hub never pushes a stale event to browsers because of a replay.
     */
    @Bean
    static BeanPostProcessor replayFilterForListenerFactories() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
                    @SuppressWarnings("unchecked")
                    var typed = (AbstractKafkaListenerContainerFactory<?, Object, Object>) factory;
                    typed.setRecordFilterStrategy(DeadLetters::addressedToAnotherGroup);
                    typed.setAckDiscarded(true);
                }
                return bean;
            }
        };
    }
}
