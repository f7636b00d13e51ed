package com.sprocket.cart.cart;

import com.sprocket.cart.pricing.PartPrice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A cart as the PWA shows it: its lines with today's prices and availability, and subtotals. */
final class CartViews {

    private CartViews() {}

    static CartView of(Cart cart, Map<UUID, PartPrice> prices) {
        List<CartView.Line> lines = new ArrayList<>();
        Map<String, Long> subtotals = new TreeMap<>();
        int items = 0;
        for (CartLine line : cart.lines()) {
            PartPrice price = prices.get(line.partId());
            boolean known = price != null;
            boolean deleted = known && price.deleted();
            boolean inStock = known && !deleted && price.available() && price.stock() >= line.quantity();
            Long total = inStock ? price.priceMinor() * line.quantity() : null;
            if (total != null) {
                subtotals.merge(line.currency(), total, Long::sum);
            }
            items += line.quantity();
            lines.add(new CartView.Line(
                    line.partId(),
                    known ? price.title() : null,
                    line.quantity(),
                    known ? price.priceMinor() : null,
                    line.priceAtAddMinor(),
                    line.currency(),
                    known && price.priceMinor() != line.priceAtAddMinor(),
                    inStock,
                    deleted,
                    total));
        }
        return new CartView(cart.id(), cart.kind().code(), cart.version(), lines, subtotals, items, null);
    }
}
