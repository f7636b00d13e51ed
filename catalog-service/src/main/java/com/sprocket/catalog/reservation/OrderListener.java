package com.sprocket.catalog.reservation;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Catalog's side of the checkout saga, from {@code order.orders} (inbox: each event once, in order per
 * order): placed → reserve; paid → commit; cancelled or expired → release. Other order events are not
 * catalog's business.
 */
@Component
class OrderListener {

    static final String CONSUMER = "catalog-orders";
    private static final List<String> HANDLED =
            List.of("order.placed.v1", "order.paid.v1", "order.cancelled.v1", "order.expired.v1");

    private final EventConsumer events;
    private final StockKeeper stock;

    OrderListener(EventConsumer events, StockKeeper stock) {
        this.events = events;
        this.stock = stock;
    }

    /** One consumer per partition (three by default): orders of different keys reserve side by side. */
    @KafkaListener(
            id = CONSUMER,
            topics = "order.orders",
            groupId = CONSUMER,
            concurrency = "${sprocket.catalog.order-consumers:3}")
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        if (!HANDLED.contains(event.type())) {
            return EventConsumer.unhandled(event, HANDLED);
        }
        OrderFacts order = events.codec().data(event, OrderFacts.class);
        return switch (event.type()) {
            case "order.placed.v1" ->
                stock.reserve(
                        order.orderId(),
                        order.lines().stream()
                                .map(line -> new Reservation.Line(line.partId(), line.quantity()))
                                .toList());
            case "order.paid.v1" -> stock.commit(order.orderId(), order.customerId());
            default -> stock.release(order.orderId());
        };
    }

    /** The fields of order events catalog reads (tolerant reader). */
    record OrderFacts(UUID orderId, UUID customerId, List<Line> lines) {}

    record Line(UUID partId, int quantity) {}
}
