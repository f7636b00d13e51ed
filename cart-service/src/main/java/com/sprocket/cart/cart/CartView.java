package com.sprocket.cart.cart;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A cart as the PWA shows it. Prices are current (from the read model) and computed server-side in
 * minor units; lines whose price changed since they were added, or that are out of stock or gone,
 * are flagged. {@code subtotals} has one entry per currency of the purchasable lines.
 */
public record CartView(
        UUID id,
        @Schema(allowableValues = {"user", "guest"}) String kind,
        int version,
        List<Line> lines,
        Map<String, Long> subtotals,
        int itemCount,
        @Nullable String guestToken) {

    public record Line(
            UUID partId,
            @Nullable String title,
            int quantity,
            @Nullable Long unitPriceMinor,
            long priceWhenAddedMinor,
            String currency,
            boolean priceChanged,
            boolean inStock,
            boolean removedFromCatalog,
            @Nullable Long lineTotalMinor) {}

    CartView withGuestToken(String token) {
        return new CartView(id, kind, version, lines, subtotals, itemCount, token);
    }
}
