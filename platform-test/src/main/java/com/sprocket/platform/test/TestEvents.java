package com.sprocket.platform.test;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import java.time.Instant;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes an event as another service's outbox would (the same envelope, a fresh id), for tests of a
 * consumer whose producer does not run in the test.
 */
public final class TestEvents {

    private TestEvents() {}

    /** Sends and waits for the broker's acknowledgement. */
    public static void publish(
            KafkaTemplate<String, String> kafka, EventCodec codec, String topic, String key, String type, Object data) {
        var envelope = new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                type,
                "sprocket/test",
                key,
                Instant.now(),
                null,
                codec.toTree(data));
        try {
            kafka.send(topic, key, codec.write(envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type + " to " + topic, e);
        }
    }
}
