package com.sprocket.order.order;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One vendor's part of an order: shipped by that vendor, on its own, with its own shipping charge. */
public record Shipment(
        UUID vendorId,
        Status status,
        long shippingMinor,
        @Nullable String carrier,
        @Nullable String trackingNumber,
        @Nullable Instant shippedAt,
        @Nullable Instant deliveredAt) {

    public enum Status {
        PENDING,
        SHIPPED,
        DELIVERED,
        CANCELLED;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    Shipment shipped(String carrier, String trackingNumber, Instant at) {
        return new Shipment(vendorId, Status.SHIPPED, shippingMinor, carrier, trackingNumber, at, null);
    }

    Shipment delivered(Instant at) {
        return new Shipment(vendorId, Status.DELIVERED, shippingMinor, carrier, trackingNumber, shippedAt, at);
    }

    Shipment cancelled() {
        return new Shipment(vendorId, Status.CANCELLED, shippingMinor, carrier, trackingNumber, shippedAt, null);
    }
}
