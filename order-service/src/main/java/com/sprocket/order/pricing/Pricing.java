package com.sprocket.order.pricing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prices an order on the server from its read models, never from the client: each line is unit price
 * times quantity; tax is computed per line (and per shipment, at the zone's default rate), rounded half
 * up to the minor unit; one shipment per vendor, priced by the shipping method. In a zone whose prices
 * include tax the tax is the part of each amount that is tax ({@code amount × rate / (1 + rate)}) and the
 * total is goods plus shipping; otherwise tax is added on top. Either way, the figures add up exactly:
 * {@code total = items + shipping (+ tax when prices exclude it)}, and every amount is non-negative.
 */
public final class Pricing {

    /** Basis points in one: 10,000 bp = 100 %. */
    static final long ONE = 10_000;

    /** What is being bought: one cart line with the part's current data from the catalog read model. */
    public record Item(
            UUID partId,
            UUID vendorId,
            UUID categoryId,
            String title,
            long unitPriceMinor,
            String currency,
            int quantity,
            int weightGrams) {}

    public record PricedLine(Item item, long lineMinor, int taxBp, long taxMinor) {}

    public record PricedShipment(UUID vendorId, long shippingMinor, long taxMinor) {}

    public record Quote(
            String currency,
            boolean pricesIncludeTax,
            List<PricedLine> lines,
            List<PricedShipment> shipments,
            long itemsMinor,
            long shippingMinor,
            long taxMinor,
            long totalMinor) {}

    private Pricing() {}

    public static Quote quote(List<Item> items, ShippingZone zone, ShippingMethod method) {
        if (items.isEmpty()) {
            throw new PricingException("cartVersion", "The cart is empty.");
        }
        String currency = items.getFirst().currency();
        for (Item item : items) {
            if (!item.currency().equals(currency)) {
                throw new PricingException(
                        "cart",
                        "An order has one currency; the cart mixes " + currency + " and " + item.currency() + ".");
            }
        }
        if (!zone.currency().equals(currency)) {
            throw new PricingException(
                    "shippingAddress.country",
                    "Zone " + zone.name() + " ships in " + zone.currency() + "; these parts are priced in " + currency
                            + ".");
        }
        List<PricedLine> lines = new ArrayList<>(items.size());
        Map<UUID, List<PricedLine>> byVendor = new LinkedHashMap<>();
        for (Item item : items) {
            long line = Math.multiplyExact(item.unitPriceMinor(), item.quantity());
            int bp = zone.taxBpFor(item.categoryId());
            PricedLine priced = new PricedLine(item, line, bp, tax(line, bp, zone.pricesIncludeTax()));
            lines.add(priced);
            byVendor.computeIfAbsent(item.vendorId(), vendor -> new ArrayList<>())
                    .add(priced);
        }
        List<PricedShipment> shipments = new ArrayList<>(byVendor.size());
        byVendor.forEach((vendor, vendorLines) -> shipments.add(shipment(vendor, vendorLines, zone, method)));
        long itemsMinor = lines.stream().mapToLong(PricedLine::lineMinor).reduce(0, Math::addExact);
        long shippingMinor =
                shipments.stream().mapToLong(PricedShipment::shippingMinor).reduce(0, Math::addExact);
        long taxMinor = Math.addExact(
                lines.stream().mapToLong(PricedLine::taxMinor).reduce(0, Math::addExact),
                shipments.stream().mapToLong(PricedShipment::taxMinor).reduce(0, Math::addExact));
        long total = Math.addExact(itemsMinor, shippingMinor);
        if (!zone.pricesIncludeTax()) {
            total = Math.addExact(total, taxMinor);
        }
        return new Quote(
                currency, zone.pricesIncludeTax(), lines, shipments, itemsMinor, shippingMinor, taxMinor, total);
    }

    private static PricedShipment shipment(
            UUID vendor, List<PricedLine> lines, ShippingZone zone, ShippingMethod method) {
        long goods = lines.stream().mapToLong(PricedLine::lineMinor).reduce(0, Math::addExact);
        int units = lines.stream().mapToInt(line -> line.item().quantity()).sum();
        long grams = lines.stream()
                .mapToLong(
                        line -> (long) line.item().weightGrams() * line.item().quantity())
                .sum();
        long price = method.priceOf(goods, units, grams);
        return new PricedShipment(vendor, price, tax(price, zone.defaultTaxBp(), zone.pricesIncludeTax()));
    }

    /** The tax in (or on) an amount at a rate in basis points, rounded half up. */
    static long tax(long amountMinor, int bp, boolean included) {
        long numerator = Math.multiplyExact(amountMinor, bp);
        long denominator = included ? ONE + bp : ONE;
        return halfUp(numerator, denominator);
    }

    /** {@code n / d} rounded half up, for non-negative n and positive d. */
    static long halfUp(long n, long d) {
        return Math.floorDiv(Math.addExact(Math.multiplyExact(n, 2), d), Math.multiplyExact(d, 2));
    }
}
