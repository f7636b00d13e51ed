package com.sprocket.order.order;

/** The money of an order in minor units of its one currency; {@code total = items + shipping (+ tax if excluded)}. */
public record Totals(
        String currency,
        boolean pricesIncludeTax,
        long itemsMinor,
        long shippingMinor,
        long taxMinor,
        long totalMinor) {}
