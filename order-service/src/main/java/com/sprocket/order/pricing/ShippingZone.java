package com.sprocket.order.pricing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where we ship, at what price and tax: the countries (ISO 3166-1 alpha-2) it covers, optionally only
 * some of their regions (a zone naming regions wins over one that does not), its currency, whether its
 * prices include tax, its default tax rate and the rates per part category (basis points), and its
 * shipping methods.
 */
public record ShippingZone(
        UUID id,
        String name,
        List<String> countries,
        List<String> regions,
        String currency,
        boolean pricesIncludeTax,
        int defaultTaxBp,
        List<ShippingMethod> methods,
        Map<UUID, Integer> categoryTaxBp,
        int version) {

    public ShippingZone {
        countries = List.copyOf(countries);
        regions = List.copyOf(regions);
        methods = List.copyOf(methods);
        categoryTaxBp = Map.copyOf(categoryTaxBp);
    }

    /** The rate for a part of this category: its own rate in this zone, else the zone's default. */
    public int taxBpFor(UUID categoryId) {
        return categoryId == null ? defaultTaxBp : categoryTaxBp.getOrDefault(categoryId, defaultTaxBp);
    }

    public Optional<ShippingMethod> method(String code) {
        return methods.stream().filter(method -> method.code().equals(code)).findFirst();
    }
}
