package com.sprocket.order.saga;

import com.sprocket.order.order.OrderBook;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Catalog's answer to {@code order.placed.v1}, from {@code catalog.inventory}: {@code stock.reserved.v1}
 * (the order awaits payment until the reservation expires) or {@code stock.rejected.v1} (the order is
 * rejected with catalog's reason). Inbox: each event once; the order ignores a late or repeated answer.
 */
@Component
class StockListener {

    static final String CONSUMER = "order-stock";
    private static final List<String> HANDLED = List.of("stock.reserved.v1", "stock.rejected.v1");

    private final EventConsumer events;
    private final OrderBook book;
    private final Clock clock;

    StockListener(EventConsumer events, OrderBook book, Clock clock) {
        this.events = events;
        this.book = book;
        this.clock = clock;
    }

    @KafkaListener(
            id = CONSUMER,
            topics = "catalog.inventory",
            groupId = CONSUMER,
            concurrency = "${sprocket.order.saga-consumers:3}")
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case "stock.reserved.v1" -> {
                StockReserved reserved = events.codec().data(event, StockReserved.class);
                yield book.react(
                        reserved.orderId(), order -> order.stockReserved(reserved.expiresAt(), clock.instant()));
            }
            case "stock.rejected.v1" -> {
                StockRejected rejected = events.codec().data(event, StockRejected.class);
                yield book.react(rejected.orderId(), order -> order.stockRejected(rejected.reason(), clock.instant()));
            }
            default -> EventConsumer.unhandled(event, HANDLED);
        };
    }

    /** The fields of catalog's reservation events this service reads (tolerant reader). */
    record StockReserved(UUID orderId, Instant expiresAt) {}

    record StockRejected(UUID orderId, String reason) {}
}
