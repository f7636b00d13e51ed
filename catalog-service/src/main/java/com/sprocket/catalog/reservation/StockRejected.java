package com.sprocket.catalog.reservation;

import com.sprocket.catalog.config.Topics;
import com.sprocket.platform.outbox.DomainEvent;
import java.util.UUID;

/**
 * {@code stock.rejected.v1} on {@code catalog.inventory} (key: the order id): nothing was reserved,
 * because of the line named here (which part, how many were ordered, how many are left, and why).
 */
record StockRejected(UUID orderId, String reason, UUID partId, int requested, int available) implements DomainEvent {

    static final String TYPE = "stock.rejected.v1";

    @Override
    public String topic() {
        return Topics.INVENTORY;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "order";
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
