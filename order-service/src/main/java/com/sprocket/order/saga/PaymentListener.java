package com.sprocket.order.saga;

import com.sprocket.order.order.OrderBook;
import com.sprocket.order.order.PaymentStatus;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The payment contract, from {@code payment.payments} (payment-service publishes it; see
 * docs/asyncapi.yaml): {@code payment.<status>.v1} with {@code {orderId, paymentId, amountMinor,
 * refundedMinor}}. The order mirrors the payment status forward only; secured money makes it paid, a
 * failure cancels it, a full refund of an unshipped order cancels it.
 */
@Component
class PaymentListener {

    static final String CONSUMER = "order-payments";
    static final Map<String, PaymentStatus> STATUSES = Map.of(
            "payment.processing.v1", PaymentStatus.PROCESSING,
            "payment.authorised.v1", PaymentStatus.AUTHORISED,
            "payment.paid.v1", PaymentStatus.PAID,
            "payment.settled.v1", PaymentStatus.SETTLED,
            "payment.failed.v1", PaymentStatus.FAILED,
            "payment.refunded.v1", PaymentStatus.REFUNDED);
    private static final List<String> HANDLED = List.copyOf(STATUSES.keySet());

    private final EventConsumer events;
    private final OrderBook book;
    private final Clock clock;

    PaymentListener(EventConsumer events, OrderBook book, Clock clock) {
        this.events = events;
        this.book = book;
        this.clock = clock;
    }

    @KafkaListener(
            id = CONSUMER,
            topics = "payment.payments",
            groupId = CONSUMER,
            concurrency = "${sprocket.order.saga-consumers:3}")
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        PaymentStatus status = STATUSES.get(event.type());
        if (status == null) {
            return EventConsumer.unhandled(event, HANDLED);
        }
        PaymentChanged payment = events.codec().data(event, PaymentChanged.class);
        if (status == PaymentStatus.REFUNDED) {
            boolean full =
                    payment.amountMinor() != null && payment.amountMinor().equals(payment.refundedMinor());
            return book.react(
                    payment.orderId(), order -> order.paymentRefunded(full, payment.paymentId(), clock.instant()));
        }
        return book.react(
                payment.orderId(), order -> order.paymentChanged(status, payment.paymentId(), clock.instant()));
    }

    /** The fields of payment events this service reads (tolerant reader); amounts in minor units. */
    record PaymentChanged(UUID orderId, String paymentId, Long amountMinor, Long refundedMinor) {}
}
