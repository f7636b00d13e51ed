package com.sprocket.order.cart;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Keeps {@link CartSnapshots} from {@code cart.carts} (inbox: each event once; versions keep order). */
@Component
class CartListener {

    static final String CONSUMER = "order-carts";
    private static final List<String> HANDLED = List.of("cart.changed.v1");

    private final EventConsumer events;
    private final CartSnapshots carts;

    CartListener(EventConsumer events, CartSnapshots carts) {
        this.events = events;
        this.carts = carts;
    }

    @KafkaListener(id = CONSUMER, topics = "cart.carts", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        if (!event.type().equals("cart.changed.v1")) {
            return EventConsumer.unhandled(event, HANDLED);
        }
        CartChanged cart = events.codec().data(event, CartChanged.class);
        return carts.upsert(
                new CartSnapshot(
                        cart.cartId(),
                        cart.kind(),
                        cart.ownerId(),
                        cart.tokenHash(),
                        cart.version(),
                        cart.lines() == null ? List.of() : cart.lines()),
                cart.status());
    }

    /** The fields of cart-service's event this service reads (tolerant reader). */
    record CartChanged(
            UUID cartId,
            String kind,
            UUID ownerId,
            String tokenHash,
            int version,
            String status,
            List<CartSnapshot.Line> lines) {}
}
