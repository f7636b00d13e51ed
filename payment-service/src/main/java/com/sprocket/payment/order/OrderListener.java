package com.sprocket.payment.order;

import com.sprocket.payment.payment.PayableOrder;
import com.sprocket.payment.payment.PayableOrders;
import com.sprocket.payment.payment.PaymentBook;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps {@link PayableOrders} from {@code order.orders} (every order event carries the order's state; a
 * newer version wins) and reacts to two of them: a buyer's cancellation of a paid order
 * ({@code order.refund-requested.v1}) refunds the payment in full; an order closed while its payment
 * was captured (expired, cancelled) is refunded too.
 */
@Component
class OrderListener {

    static final String CONSUMER = "payment-orders";
    static final String REFUND_REQUESTED = "order.refund-requested.v1";
    private static final Set<String> CLOSED = Set.of("order.expired.v1", "order.cancelled.v1", "order.rejected.v1");

    private final EventConsumer events;
    private final PayableOrders orders;
    private final PaymentBook book;

    OrderListener(EventConsumer events, PayableOrders orders, PaymentBook book) {
        this.events = events;
        this.orders = orders;
        this.book = book;
    }

    @KafkaListener(id = CONSUMER, topics = "order.orders", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        if (!event.type().startsWith("order.") || !event.type().endsWith(".v1")) {
            return EventConsumer.unhandled(event, List.of("order.placed.v1"));
        }
        OrderChanged order = events.codec().data(event, OrderChanged.class);
        Mono<Boolean> kept = orders.upsert(new PayableOrder(
                order.orderId(),
                order.customerId(),
                order.orderTokenHash(),
                order.vendorIds() == null ? List.of() : order.vendorIds(),
                order.status(),
                order.totalMinor(),
                order.currency(),
                order.version()));
        if (event.type().equals(REFUND_REQUESTED)) {
            return kept.then(
                    book.refundForOrder(order.orderId(), "cancelled by the buyer after payment", "order-cancelled"));
        }
        if (CLOSED.contains(event.type())) {
            return kept.then(book.refundForOrder(
                    order.orderId(), "payment captured after the order was " + order.status(), "order-closed"));
        }
        return kept.then();
    }

    /** The fields of order-service's events this service reads (tolerant reader). */
    record OrderChanged(
            UUID orderId,
            UUID customerId,
            String orderTokenHash,
            String status,
            String currency,
            long totalMinor,
            List<UUID> vendorIds,
            int version) {}
}
