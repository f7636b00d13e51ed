package com.sprocket.order.pricing;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How one shipment (one vendor's lines) is charged in a zone: a flat amount, a base plus an amount per
 * unit, or a base plus an amount per started kilogram (weight from the parts' attributes); free from
 * {@code freeAboveMinor} of goods in that shipment, when set. Amounts in the zone's currency.
 */
public record ShippingMethod(
        String code,
        String name,
        Kind kind,
        long baseMinor,
        long rateMinor,
        @Nullable Long freeAboveMinor) {

    public enum Kind {
        FLAT,
        PER_ITEM,
        BY_WEIGHT;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** The price of one shipment holding {@code units} units weighing {@code grams}, worth {@code goodsMinor}. */
    public long priceOf(long goodsMinor, int units, long grams) {
        if (freeAboveMinor != null && goodsMinor >= freeAboveMinor) {
            return 0;
        }
        return switch (kind) {
            case FLAT -> baseMinor;
            case PER_ITEM -> Math.addExact(baseMinor, Math.multiplyExact(rateMinor, units));
            case BY_WEIGHT -> Math.addExact(baseMinor, Math.multiplyExact(rateMinor, (grams + 999) / 1000));
        };
    }
}
