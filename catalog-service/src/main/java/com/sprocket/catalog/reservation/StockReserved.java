package com.sprocket.catalog.reservation;

import com.sprocket.catalog.config.Topics;
import com.sprocket.platform.outbox.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code stock.reserved.v1} on {@code catalog.inventory} (key: the order id): every line of the order is
 * held until {@code expiresAt}; the order awaits payment until then.
 */
record StockReserved(UUID orderId, Instant expiresAt, List<Reservation.Line> lines) implements DomainEvent {

    static final String TYPE = "stock.reserved.v1";

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
