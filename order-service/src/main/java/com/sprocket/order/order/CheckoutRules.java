package com.sprocket.order.order;

import com.sprocket.order.cart.CartSnapshot;
import com.sprocket.order.catalog.PartOffer;
import com.sprocket.order.pricing.Pricing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a cart must satisfy to become an order, decided from the read models: at least one line, at
 * most {@code maxLines} lines and {@code maxQuantity} units of a part, every part known, on sale and
 * (as far as the read model knows) in stock. Catalog makes the final stock decision when it reserves.
 */
final class CheckoutRules {

    record Limits(int maxLines, int maxQuantity) {}

    /** Why a cart cannot be checked out; the edge answers 409 with the message. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private CheckoutRules() {}

    static List<Pricing.Item> items(CartSnapshot cart, Map<UUID, PartOffer> offers, Limits limits) {
        if (cart.lines().isEmpty()) {
            throw new Refused("The cart is empty.");
        }
        if (cart.lines().size() > limits.maxLines()) {
            throw new Refused("An order has at most " + limits.maxLines() + " lines; the cart has "
                    + cart.lines().size() + ".");
        }
        List<Pricing.Item> items = new ArrayList<>(cart.lines().size());
        for (CartSnapshot.Line line : cart.lines()) {
            PartOffer part = offers.get(line.partId());
            if (part == null || part.deleted()) {
                throw new Refused("Part " + line.partId() + " is no longer sold; remove it from the cart.");
            }
            if (!part.purchasable()) {
                throw new Refused("\"" + part.title() + "\" cannot be bought now; remove it from the cart.");
            }
            if (line.quantity() > limits.maxQuantity()) {
                throw new Refused("At most " + limits.maxQuantity() + " units of \"" + part.title() + "\" per order.");
            }
            if (line.quantity() > part.available()) {
                throw new Refused("Only " + part.available() + " of \"" + part.title() + "\" available; the cart has "
                        + line.quantity() + ".");
            }
            items.add(new Pricing.Item(
                    part.partId(),
                    part.vendorId(),
                    part.categoryId(),
                    part.title(),
                    part.priceMinor(),
                    part.currency(),
                    line.quantity(),
                    part.weightGrams()));
        }
        return items;
    }
}
