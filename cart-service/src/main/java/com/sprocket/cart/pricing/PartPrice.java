package com.sprocket.cart.pricing;

import java.util.UUID;

/** What the cart knows about a part, from catalog.parts events (a local read model, never a call to catalog). */
public record PartPrice(
        UUID partId,
        UUID vendorId,
        String title,
        long priceMinor,
        String currency,
        int stock,
        boolean available,
        boolean deleted,
        int version) {

    public boolean purchasable() {
        return available && !deleted && stock > 0;
    }
}
