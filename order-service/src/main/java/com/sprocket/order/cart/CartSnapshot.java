package com.sprocket.order.cart;

import java.util.List;
import java.util.UUID;

/** A cart as cart-service last published it: whose it is, its version and lines. */
public record CartSnapshot(UUID cartId, String kind, UUID ownerId, String tokenHash, int version, List<Line> lines) {

    public CartSnapshot {
        lines = List.copyOf(lines);
    }

    public record Line(UUID partId, int quantity) {}
}
