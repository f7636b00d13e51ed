package com.sprocket.platform.kafka;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.inbox.Inbox;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one way a Sprocket service consumes an event. A {@code @KafkaListener} method hands its record
 * here with a handler returning {@code Mono<Void>}; the handler runs once per event id (inbox) and the
 * offset is committed only after its transaction commits.
 *
 * <p>Blocking here is deliberate and safe: this runs on the Kafka listener container's own consumer
 * thread, never on a Netty event loop. Waiting keeps per-partition order (an aggregate's events are
 * applied one after another) and lets the container's error handler retry with backoff and then
 * dead-letter the record to {@code <topic>.dlq} with the reason in its headers.
 */
public final class EventConsumer {

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
            String consumer,
            ConsumerRecord<String, String> record,
            Function<EventEnvelope, reactor.core.publisher.Mono<Void>> handler) {
        EventEnvelope envelope = codec.read(record.value());
        Boolean applied = inbox.once(consumer, envelope.id(), () -> handler.apply(envelope))
                .block(timeout); // Kafka consumer thread, not an event loop: see the class comment
        return Boolean.TRUE.equals(applied);
    }

    public EventCodec codec() {
        return codec;
    }
}
