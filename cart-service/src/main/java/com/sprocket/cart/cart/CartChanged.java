package com.sprocket.cart.cart;

import java.util.List;
import java.util.UUID;

/**
 * Payload of {@code cart.changed.v1} on {@code cart.carts}: the cart's new state and version. The
 * realtime hub pushes it to the owner's devices ({@code user:<ownerId>}) or to the guest cart's
 * channel ({@code guestcart:<tokenHash>}, derivable only from the secret token).
 */
public record CartChanged(
        UUID cartId, String kind, UUID ownerId, String tokenHash, int version, String status, List<Line> lines) {

    public static final String TYPE = "cart.changed.v1";

    public record Line(UUID partId, int quantity) {}
}
