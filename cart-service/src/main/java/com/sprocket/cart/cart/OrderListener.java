package com.sprocket.cart.cart;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Clears what was bought: on {@code order.paid.v1} from {@code order.orders} the ordered quantities come
 * off the cart the order was placed from, once per order (inbox per event, and the order id recorded
 * as the cart's operation id, so even a repeated notice with a new event id removes nothing more).
 */
@Component
class OrderListener {

    static final String CONSUMER = "cart-orders";
    private static final List<String> HANDLED = List.of("order.paid.v1");

    private final EventConsumer events;
    private final Shopping shopping;

    OrderListener(EventConsumer events, Shopping shopping) {
        this.events = events;
        this.shopping = shopping;
    }

    @KafkaListener(id = CONSUMER, topics = "order.orders", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        if (!event.type().equals("order.paid.v1")) {
            return EventConsumer.unhandled(event, HANDLED);
        }
        OrderPaid order = events.codec().data(event, OrderPaid.class);
        if (order.cartId() == null) {
            return Mono.empty();
        }
        Map<UUID, Integer> ordered =
                order.lines().stream().collect(Collectors.toMap(Line::partId, Line::quantity, Integer::sum));
        return shopping.removeOrdered(order.cartId(), order.guest(), order.orderId(), ordered);
    }

    /** The fields of order-service's event this service reads (tolerant reader). */
    record OrderPaid(UUID orderId, UUID cartId, boolean guest, List<Line> lines) {}

    record Line(UUID partId, int quantity) {}
}
