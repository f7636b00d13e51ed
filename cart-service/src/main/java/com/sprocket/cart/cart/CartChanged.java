package com.sprocket.cart.cart;

import com.sprocket.platform.outbox.DomainEvent;
import java.util.List;
import java.util.UUID;

/**
 * Payload of {@code cart.changed.v1} on {@code cart.carts}: the cart's new state and version. The
 * realtime hub pushes it to the owner's devices ({@code user:<ownerId>}) or to the guest cart's
 * channel ({@code guestcart:<tokenHash>}, derivable only from the secret token); order-service keeps
 * carts' lines and versions from it.
 */
public record CartChanged(
        UUID cartId, String kind, UUID ownerId, String tokenHash, int version, String status, List<Line> lines)
        implements DomainEvent {

    public static final String TYPE = "cart.changed.v1";
    public static final String TOPIC = "cart.carts";

    public record Line(UUID partId, int quantity) {}

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String aggregateType() {
        return "cart";
    }

    @Override
    public String aggregateId() {
        return cartId.toString();
    }

    static CartChanged of(Cart cart) {
        return new CartChanged(
                cart.id(),
                cart.kind().code(),
                cart.ownerId(),
                cart.tokenHash(),
                cart.version(),
                cart.status().code(),
                cart.lines().stream()
                        .map(line -> new Line(line.partId(), line.quantity()))
                        .toList());
    }
}
