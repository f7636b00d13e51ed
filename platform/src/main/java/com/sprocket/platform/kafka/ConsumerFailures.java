package com.sprocket.platform.kafka;

import com.sprocket.platform.events.MalformedEventException;
import com.sprocket.platform.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What a consumer does when handling a record fails, decided by {@link FailureClassifier}:
 *
 * <ul>
 *   <li><b>Transient</b> (database or broker away, timeouts): the listener container is paused and the
 *       record retried with capped exponential backoff for as long as the fault lasts. The offset does
 *       not move, so the record and every later one of its partition wait, in order; nothing is
 *       dead-lettered.
 *   <li><b>Permanent</b>: a few retries with a short backoff, then {@code <topic>.dlq} with the reason,
 *       the exception class, the original topic, partition, offset and consumer group in headers. A
 *       malformed envelope goes there at once.
 * </ul>
 *
 * Metrics: {@code sprocket.kafka.dead.letters} and {@code sprocket.kafka.transient.failures} per
 * topic and group, {@code sprocket.kafka.consumers.paused} (containers waiting out a fault now).
 */
final class ConsumerFailures implements DisposableBean {

    static final String REASON_HEADER = "x-sprocket-dlq-reason";

    private static final Logger log = LoggerFactory.getLogger(ConsumerFailures.class);

    private final KafkaTemplate<String, String> template;
    private final KafkaProperties properties;
    private final FailureClassifier classifier;
    private final ObjectProvider<ListenerContainerRegistry> registry;
    private final MeterRegistry meters;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final Map<String, Long> pausedUntil = new ConcurrentHashMap<>();
    private volatile ListenerContainerPauseService pauser;

    ConsumerFailures(
            KafkaTemplate<String, String> template,
            KafkaProperties properties,
            FailureClassifier classifier,
            ObjectProvider<ListenerContainerRegistry> registry,
            MeterRegistry meters) {
        this.template = template;
        this.properties = properties;
        this.classifier = classifier;
        this.registry = registry;
        this.meters = meters;
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("kafka-resume-");
        scheduler.initialize();
        Gauge.builder("sprocket.kafka.consumers.paused", this, ConsumerFailures::pausedNow)
                .description("Listener containers paused while they wait out a transient failure")
                .register(meters);
    }

    DefaultErrorHandler errorHandler() {
        var handler = new DefaultErrorHandler(deadLetters(), boundedBackOff(), new PauseOrSleep());
        handler.setBackOffFunction((record, failure) -> classifier.isTransient(failure) ? transientBackOff() : null);
        handler.setResetStateOnExceptionChange(true);
        handler.addNotRetryableExceptions(MalformedEventException.class, DeserializationException.class);
        handler.setRetryListeners(new Logging());
        return handler;
    }

    private BackOff boundedBackOff() {
        var backOff = new ExponentialBackOffWithMaxRetries(properties.retries());
        backOff.setInitialInterval(properties.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        return backOff;
    }

    /** No attempt limit and no elapsed-time limit: a fault is waited out however long it lasts. */
    private BackOff transientBackOff() {
        var backOff = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(properties.transientMaxBackoff().toMillis());
        return backOff;
    }

    private ConsumerAwareRecordRecoverer deadLetters() {
        var publisher = new DeadLetterPublishingRecoverer(
                template, (record, error) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        publisher.setHeadersFunction((record, error) -> {
            var headers = new RecordHeaders();
            headers.add(REASON_HEADER, reasonOf(error).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        return (record, consumer, error) -> {
            publisher.accept(record, consumer, error);
            String group = groupOf(consumer);
            log.error(
                    "dead-lettered {}-{}@{} for group {}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    group,
                    reasonOf(error));
            Counter.builder("sprocket.kafka.dead.letters")
                    .description("Records sent to <topic>.dlq after a permanent failure")
                    .tag("topic", record.topic())
                    .tag("group", group)
                    .register(meters)
                    .increment();
        };
    }

    private double pausedNow() {
        long now = System.currentTimeMillis();
        pausedUntil.values().removeIf(until -> until < now);
        return pausedUntil.size();
    }

    private ListenerContainerPauseService pauser() {
        if (pauser == null) {
            pauser = new ListenerContainerPauseService(registry.getObject(), scheduler);
        }
        return pauser;
    }

    @Override
    public void destroy() {
        scheduler.shutdown();
    }

    static String reasonOf(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName() + message;
    }

    private static String groupOf(Consumer<?, ?> consumer) {
        String group = KafkaUtils.getConsumerGroupId();
        if (group == null && consumer != null) {
            group = consumer.groupMetadata().groupId();
        }
        return group == null ? "unknown" : group;
    }

    /**
     * Transient: pause the container (it keeps polling, so the group keeps it, but fetches nothing)
     * and resume it after the backoff. Permanent: the short retry sleeps on the consumer thread.
     */
    private final class PauseOrSleep implements BackOffHandler {

        @Override
        public void onNextBackOff(MessageListenerContainer container, Exception exception, long nextBackOff) {
            if (container != null && classifier.isTransient(exception)) {
                pausedUntil.put(container.getListenerId(), System.currentTimeMillis() + nextBackOff);
                pauser().pause(container, Duration.ofMillis(nextBackOff));
            } else if (container != null) {
                try {
                    ListenerUtils.stoppableSleep(container, nextBackOff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** One line when a fault starts and every tenth attempt while it lasts; the counter on each. */
    private final class Logging implements RetryListener {

        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
            if (!classifier.isTransient(failure)) {
                return;
            }
            String group = groupOf(null);
            Counter.builder("sprocket.kafka.transient.failures")
                    .description("Deliveries that failed transiently and will be retried")
                    .tag("topic", record.topic())
                    .tag("group", group)
                    .register(meters)
                    .increment();
            if (attempt == 1 || attempt % 10 == 0) {
                log.warn(
                        "group {} waits out a transient failure at {}-{}@{} (attempt {}): {}",
                        group,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        attempt,
                        reasonOf(failure));
            }
        }
    }
}
