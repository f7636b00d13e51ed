package com.sprocket.order.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a vendor sees of an order: their shipment, their lines and where to send them; never other
 * vendors' lines, the order's totals or its payment details.
 */
public record VendorOrderView(
        UUID orderId,
        String orderStatus,
        Shipment shipment,
        List<OrderLine> lines,
        Address shippingAddress,
        String shippingMethod,
        int version,
        Instant placedAt) {

    static VendorOrderView of(Order order, UUID vendorId) {
        return new VendorOrderView(
                order.id(),
                order.status().code(),
                order.shipments().stream()
                        .filter(s -> s.vendorId().equals(vendorId))
                        .findFirst()
                        .orElseThrow(),
                order.lines().stream()
                        .filter(line -> line.vendorId().equals(vendorId))
                        .toList(),
                order.shippingAddress(),
                order.shippingMethod(),
                order.version(),
                order.placedAt());
    }
}
