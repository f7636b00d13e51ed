package com.sprocket.order.catalog;

import java.util.UUID;

/** A part as catalog last published it: what checkout prices and checks (available = on hand minus reserved). */
public record PartOffer(
        UUID partId,
        UUID vendorId,
        UUID categoryId,
        String title,
        long priceMinor,
        String currency,
        int available,
        boolean purchasable,
        int weightGrams,
        boolean deleted) {}
