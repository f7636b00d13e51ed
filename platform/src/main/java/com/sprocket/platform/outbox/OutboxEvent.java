package com.sprocket.platform.outbox;

import java.util.Objects;

/**
 * An event to publish once the surrounding transaction commits.
 *
 * @param topic Kafka topic, {@code <service>.<aggregate>}
 * @param aggregateType the aggregate family, e.g. {@code part}
 * @param aggregateId the aggregate id: CloudEvents subject and Kafka key, so per-aggregate order holds
 * @param type versioned event type, e.g. {@code part.created.v1}
 * @param data the payload record
 */
public record OutboxEvent(String topic, String aggregateType, String aggregateId, String type, Object data) {

    public OutboxEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
