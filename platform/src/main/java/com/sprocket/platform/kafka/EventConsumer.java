package com.sprocket.platform.kafka;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.events.UnknownEventVersionException;
import com.sprocket.platform.inbox.Inbox;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/**
 * The one way a Sprocket service consumes an event. A {@code @KafkaListener} method hands its record
 * here with a handler returning {@code Mono<Void>}; the handler runs once per event id (inbox) and the
 * offset is committed only after its transaction commits.
 *
 * <p>Blocking here is deliberate and safe: this runs on the Kafka listener container's own consumer
 * thread, never on a Netty event loop. Waiting keeps per-partition order (an aggregate's events are
 * applied one after another) and lets the container's error handler ({@link ConsumerFailures}) wait
 * out transient failures and dead-letter permanent ones. A handler that takes longer than
 * {@code handlerTimeout} is cancelled with a {@link java.util.concurrent.TimeoutException}, which
 * counts as transient (its transaction rolls back; the event is retried).
 */
public final class EventConsumer {

    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("\\.v\\d+$");

    private final EventCodec codec;
    private final Inbox inbox;
    private final Duration timeout;

    public EventConsumer(EventCodec codec, Inbox inbox, Duration timeout) {
        this.codec = codec;
        this.inbox = inbox;
        this.timeout = timeout;
    }

    /** @return true if the event was applied, false if it was a duplicate */
    public boolean consume(
            String consumer, ConsumerRecord<String, String> record, Function<EventEnvelope, Mono<Void>> handler) {
        EventEnvelope envelope = codec.read(record.value());
        Boolean applied = inbox.once(consumer, envelope.id(), () -> handler.apply(envelope))
                .timeout(timeout)
                // the listener's observation (a span continuing the producer's trace) is a thread local
                // here: captured into the Reactor context, so events this handler writes carry it on
                .contextCapture()
                .block(); // Kafka consumer thread, not an event loop: see the class comment
        return Boolean.TRUE.equals(applied);
    }

    /**
     * For a handler's default branch: an event of a type family this consumer does not read is
     * skipped; one it reads, but in an unknown version, is rejected (dead-lettered, replayable after
     * an upgrade) rather than silently dropped.
     */
    public static Mono<Void> unhandled(EventEnvelope event, Collection<String> handledTypes) {
        String family = VERSION.matcher(event.type()).replaceFirst("");
        boolean readsFamily = handledTypes.stream()
                .anyMatch(type -> VERSION.matcher(type).replaceFirst("").equals(family));
        return readsFamily ? Mono.error(new UnknownEventVersionException(event.type())) : Mono.empty();
    }

    public EventCodec codec() {
        return codec;
    }
}
