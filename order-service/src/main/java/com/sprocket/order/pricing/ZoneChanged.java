package com.sprocket.order.pricing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.sprocket.platform.outbox.DomainEvent;
import java.util.UUID;

/**
 * {@code shipping.zone-changed.v1} / {@code shipping.zone-deleted.v1} on {@code order.pricing}: who changed
 * which zone and how it now reads (null when deleted), so the audit log shows every price rule change.
 */
public record ZoneChanged(@JsonIgnore String type, UUID zoneId, UUID changedBy, ShippingZone zone)
        implements DomainEvent {

    public static final String TOPIC = "order.pricing";
    public static final String CHANGED = "shipping.zone-changed.v1";
    public static final String DELETED = "shipping.zone-deleted.v1";

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public String aggregateType() {
        return "shipping-zone";
    }

    @Override
    public String aggregateId() {
        return zoneId.toString();
    }
}
