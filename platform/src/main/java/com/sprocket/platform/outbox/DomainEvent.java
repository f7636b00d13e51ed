package com.sprocket.platform.outbox;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An event payload record that knows where it goes, so a use case writes
 * {@code outbox.append(CartChanged.of(cart))} rather than assembling topic, type and key by hand.
 * The methods are not part of the payload.
 */
public interface DomainEvent {

    /** The Kafka topic, {@code <service>.<aggregate>}. */
    @JsonIgnore
    String topic();

    /** The versioned event type, e.g. {@code cart.changed.v1}. */
    @JsonIgnore
    String type();

    /** The aggregate family, e.g. {@code cart}. */
    @JsonIgnore
    String aggregateType();

    /** The aggregate id: CloudEvents subject and Kafka key, so per-aggregate order holds. */
    @JsonIgnore
    String aggregateId();
}
