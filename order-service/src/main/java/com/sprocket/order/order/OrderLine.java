package com.sprocket.order.order;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A line as sold: the part, its vendor and category, title and unit price at checkout, quantity and tax. */
public record OrderLine(
        UUID partId,
        UUID vendorId,
        @Nullable UUID categoryId,
        String title,
        long unitPriceMinor,
        int quantity,
        long lineMinor,
        int taxBp,
        long taxMinor) {}
