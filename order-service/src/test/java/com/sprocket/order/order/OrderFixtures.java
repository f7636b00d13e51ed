package com.sprocket.order.order;

import com.sprocket.order.pricing.Pricing;
import com.sprocket.order.pricing.ShippingMethod;
import com.sprocket.order.pricing.ShippingZone;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small orders for unit tests. */
final class OrderFixtures {

    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final UUID VENDOR_A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID VENDOR_B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private OrderFixtures() {}

    static Address address() {
        return new Address("Ada Buyer", "Hauptstr. 1", null, "Berlin", "10115", "DE", null, null);
    }

    static ShippingZone germany() {
        return new ShippingZone(
                UUID.randomUUID(),
                "Germany",
                List.of("DE"),
                List.of(),
                "EUR",
                true,
                1900,
                List.of(new ShippingMethod("standard", "Standard", ShippingMethod.Kind.FLAT, 495, 0, null)),
                Map.of(),
                1);
    }

    /** A placed order of a customer with one line from each of two vendors. */
    static Order placed() {
        var items = List.of(
                new Pricing.Item(UUID.randomUUID(), VENDOR_A, null, "Brake pads", 2999, "EUR", 2, 500),
                new Pricing.Item(UUID.randomUUID(), VENDOR_B, null, "Oil filter", 899, "EUR", 1, 200));
        ShippingZone zone = germany();
        var quote = Pricing.quote(items, zone, zone.methods().getFirst());
        return Order.place(
                        UUID.randomUUID(),
                        Buyer.customer(UUID.randomUUID()),
                        new Origin("user:x", "key-12345678", "hash", UUID.randomUUID(), 3),
                        quote,
                        address(),
                        "standard",
                        NOW)
                .order();
    }

    static Order awaitingPayment() {
        return placed().stockReserved(NOW.plusSeconds(900), NOW).orElseThrow().order();
    }

    static Order paid() {
        return awaitingPayment()
                .paymentChanged(PaymentStatus.PAID, "pay_1", NOW)
                .orElseThrow()
                .order();
    }
}
