package com.sprocket.order.order;

import static com.sprocket.order.order.OrderFixtures.NOW;
import static com.sprocket.order.order.OrderFixtures.VENDOR_A;
import static com.sprocket.order.order.OrderFixtures.VENDOR_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTests {

    @Test
    void a_new_order_is_placed_at_version_1_with_one_pending_shipment_per_vendor() {
        Order order = OrderFixtures.placed();

        assertThat(order.status()).isEqualTo(OrderStatus.PLACED);
        assertThat(order.version()).isEqualTo(1);
        assertThat(order.shipments())
                .extracting(Shipment::vendorId, Shipment::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(VENDOR_A, Shipment.Status.PENDING),
                        org.assertj.core.groups.Tuple.tuple(VENDOR_B, Shipment.Status.PENDING));
        assertThat(order.totals().totalMinor()).isEqualTo(2 * 2999 + 899 + 2 * 495);
    }

    @Test
    void placing_publishes_the_saga_contract_fields() {
        var change = Order.place(
                UUID.randomUUID(),
                Buyer.customer(UUID.randomUUID()),
                new Origin("user:x", "key-12345678", "hash", UUID.randomUUID(), 3),
                com.sprocket.order.pricing.Pricing.quote(
                        java.util.List.of(new com.sprocket.order.pricing.Pricing.Item(
                                UUID.randomUUID(), VENDOR_A, null, "Pads", 1000, "EUR", 3, 0)),
                        OrderFixtures.germany(),
                        OrderFixtures.germany().methods().getFirst()),
                OrderFixtures.address(),
                "standard",
                NOW);

        assertThat(change.event().type()).isEqualTo(OrderEvent.PLACED);
        assertThat(change.event().customerId()).isEqualTo(change.order().buyer().customerId());
        assertThat(change.event().lines()).singleElement().satisfies(line -> {
            assertThat(line.vendorId()).isEqualTo(VENDOR_A);
            assertThat(line.quantity()).isEqualTo(3);
            assertThat(line.unitPrice()).isEqualTo(1000);
        });
    }

    @Test
    void reserved_stock_makes_a_placed_order_await_payment_until_the_reservation_expires() {
        var change =
                OrderFixtures.placed().stockReserved(NOW.plusSeconds(900), NOW).orElseThrow();

        assertThat(change.order().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(change.order().paymentDueAt()).isEqualTo(NOW.plusSeconds(900));
        assertThat(change.order().version()).isEqualTo(2);
        assertThat(change.event().type()).isEqualTo(OrderEvent.AWAITING_PAYMENT);
    }

    @Test
    void a_repeated_or_late_stock_answer_changes_nothing() {
        Order awaiting = OrderFixtures.awaitingPayment();

        assertThat(awaiting.stockReserved(NOW.plusSeconds(9999), NOW)).isEmpty();
        assertThat(awaiting.stockRejected("late", NOW)).isEmpty();
        assertThat(OrderFixtures.paid().stockRejected("late", NOW)).isEmpty();
    }

    @Test
    void rejected_stock_rejects_the_order_with_catalogs_reason() {
        var change = OrderFixtures.placed()
                .stockRejected("only 2 of \"Brake pads\" left", NOW)
                .orElseThrow();

        assertThat(change.order().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(change.order().reason()).contains("only 2");
        assertThat(change.event().type()).isEqualTo(OrderEvent.REJECTED);
    }

    @Test
    void secured_money_makes_an_awaiting_order_paid_and_later_payment_news_only_moves_forward() {
        Order paid = OrderFixtures.awaitingPayment()
                .paymentChanged(PaymentStatus.AUTHORISED, "pay_1", NOW)
                .orElseThrow()
                .order();
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.paymentIntentId()).isEqualTo("pay_1");

        var settled = paid.paymentChanged(PaymentStatus.SETTLED, "pay_1", NOW).orElseThrow();
        assertThat(settled.order().paymentStatus()).isEqualTo(PaymentStatus.SETTLED);
        assertThat(settled.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(settled.event().type()).isEqualTo(OrderEvent.PAYMENT_UPDATED);

        assertThat(settled.order().paymentChanged(PaymentStatus.PAID, "pay_1", NOW))
                .as("back from settled")
                .isEmpty();
        assertThat(settled.order().paymentChanged(PaymentStatus.AUTHORISED, "pay_1", NOW))
                .isEmpty();
        assertThat(settled.order().paymentChanged(PaymentStatus.FAILED, "pay_1", NOW))
                .isEmpty();
        assertThat(settled.order().paymentChanged(PaymentStatus.SETTLED, "pay_1", NOW))
                .as("a repeat")
                .isEmpty();
    }

    @Test
    void a_failed_payment_cancels_an_awaiting_order() {
        var change = OrderFixtures.awaitingPayment()
                .paymentChanged(PaymentStatus.FAILED, "pay_1", NOW)
                .orElseThrow();

        assertThat(change.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(change.event().type()).isEqualTo(OrderEvent.CANCELLED);
        assertThat(change.order().shipments()).allMatch(s -> s.status() == Shipment.Status.CANCELLED);
    }

    @Test
    void refunds_come_only_after_payment() {
        assertThat(OrderFixtures.awaitingPayment().paymentChanged(PaymentStatus.REFUNDED, "p", NOW))
                .isEmpty();
        assertThat(OrderFixtures.paid()
                        .paymentChanged(PaymentStatus.REFUNDED, "p", NOW)
                        .orElseThrow()
                        .order()
                        .paymentStatus())
                .isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void an_unpaid_order_expires_at_its_deadline_and_not_before() {
        Order awaiting = OrderFixtures.awaitingPayment();

        assertThat(awaiting.expire(NOW.plusSeconds(899))).isEmpty();
        var expired = awaiting.expire(NOW.plusSeconds(900)).orElseThrow();
        assertThat(expired.order().status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(expired.event().type()).isEqualTo(OrderEvent.EXPIRED);
        assertThat(OrderFixtures.paid().expire(NOW.plusSeconds(99_999))).isEmpty();
    }

    @Test
    void a_payment_after_expiry_does_not_revive_the_order() {
        Order expired = OrderFixtures.awaitingPayment()
                .expire(NOW.plusSeconds(900))
                .orElseThrow()
                .order();

        var late = expired.paymentChanged(PaymentStatus.PAID, "pay_1", NOW).orElseThrow();

        assertThat(late.order().status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(late.order().paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(late.event().type()).isEqualTo(OrderEvent.PAYMENT_UPDATED);
    }

    @Test
    void buyers_cancel_before_payment_at_once_and_after_payment_by_a_refund() {
        assertThat(OrderFixtures.placed().cancel("changed my mind", NOW).order().status())
                .isEqualTo(OrderStatus.CANCELLED);
        assertThat(OrderFixtures.awaitingPayment().cancel("x", NOW).event().type())
                .isEqualTo(OrderEvent.CANCELLED);

        var requested = OrderFixtures.paid().cancel("x", NOW);
        assertThat(requested.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(requested.event().type()).isEqualTo(OrderEvent.REFUND_REQUESTED);
        assertThatThrownBy(() -> requested.order().cancel("again", NOW))
                .isInstanceOf(OrderException.class)
                .hasMessageContaining("already requested");

        var refunded = requested.order().paymentRefunded(true, "pay_1", NOW).orElseThrow();
        assertThat(refunded.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(refunded.order().paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.event().type()).isEqualTo(OrderEvent.CANCELLED);
    }

    @Test
    void a_partial_refund_is_mirrored_and_a_later_full_refund_still_cancels_an_unshipped_order() {
        var partial = OrderFixtures.paid().paymentRefunded(false, "pay_1", NOW).orElseThrow();
        assertThat(partial.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(partial.order().paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(partial.event().type()).isEqualTo(OrderEvent.PAYMENT_UPDATED);

        var full = partial.order().paymentRefunded(true, "pay_1", NOW).orElseThrow();
        assertThat(full.order().status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void a_shipped_order_is_neither_cancelled_nor_closed_by_a_refund() {
        Order shipped = OrderFixtures.paid()
                .ship(VENDOR_A, "DHL", "00340434", NOW)
                .order()
                .ship(VENDOR_B, "UPS", "1Z999", NOW)
                .order();
        assertThatThrownBy(() -> shipped.cancel("x", NOW)).isInstanceOf(OrderException.class);
        assertThat(shipped.paymentRefunded(true, "pay_1", NOW)
                        .orElseThrow()
                        .order()
                        .status())
                .isEqualTo(OrderStatus.SHIPPED);
    }

    @Test
    void the_order_is_shipped_when_every_vendor_has_shipped_and_delivered_when_every_shipment_arrived() {
        Order paid = OrderFixtures.paid();

        Order oneShipped = paid.ship(VENDOR_A, "DHL", "00340434", NOW).order();
        assertThat(oneShipped.status()).isEqualTo(OrderStatus.PAID);
        Order bothShipped = oneShipped.ship(VENDOR_B, "UPS", "1Z999", NOW).order();
        assertThat(bothShipped.status()).isEqualTo(OrderStatus.SHIPPED);
        Order oneDelivered = bothShipped.deliver(VENDOR_A, NOW).order();
        assertThat(oneDelivered.status()).isEqualTo(OrderStatus.SHIPPED);
        Order delivered = oneDelivered.deliver(VENDOR_B, NOW).order();
        assertThat(delivered.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(delivered.version()).isEqualTo(paid.version() + 4);
    }

    @Test
    void unpaid_orders_cannot_ship_nor_can_a_shipment_ship_twice() {
        assertThatThrownBy(() -> OrderFixtures.awaitingPayment().ship(VENDOR_A, "DHL", "1", NOW))
                .isInstanceOf(OrderException.class);
        Order shipped = OrderFixtures.paid().ship(VENDOR_A, "DHL", "1", NOW).order();
        assertThatThrownBy(() -> shipped.ship(VENDOR_A, "DHL", "2", NOW)).isInstanceOf(OrderException.class);
        assertThatThrownBy(() -> OrderFixtures.paid().deliver(VENDOR_A, NOW)).isInstanceOf(OrderException.class);
    }

    @Test
    void a_vendor_without_lines_in_the_order_has_no_shipment_in_it() {
        assertThatThrownBy(() -> OrderFixtures.paid().ship(UUID.randomUUID(), "DHL", "1", NOW))
                .isInstanceOf(OrderException.class)
                .extracting(e -> ((OrderException) e).reason())
                .isEqualTo(OrderException.Reason.NOT_YOUR_SHIPMENT);
    }
}
