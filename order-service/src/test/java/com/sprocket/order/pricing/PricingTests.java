package com.sprocket.order.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PricingTests {

    static final UUID BRAKES = UUID.randomUUID();
    static final UUID[] VENDORS = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};

    @Property(tries = 2000)
    void totals_always_add_up_and_are_never_negative(
            @ForAll("carts") List<Pricing.Item> items, @ForAll("zones") ShippingZone zone) {
        ShippingMethod method = zone.methods().getFirst();

        Pricing.Quote quote = Pricing.quote(items, zone, method);

        long lines =
                quote.lines().stream().mapToLong(Pricing.PricedLine::lineMinor).sum();
        long shipping = quote.shipments().stream()
                .mapToLong(Pricing.PricedShipment::shippingMinor)
                .sum();
        long tax =
                quote.lines().stream().mapToLong(Pricing.PricedLine::taxMinor).sum()
                        + quote.shipments().stream()
                                .mapToLong(Pricing.PricedShipment::taxMinor)
                                .sum();
        assertThat(quote.itemsMinor()).isEqualTo(lines);
        assertThat(quote.shippingMinor()).isEqualTo(shipping);
        assertThat(quote.taxMinor()).isEqualTo(tax);
        assertThat(quote.totalMinor()).isEqualTo(lines + shipping + (zone.pricesIncludeTax() ? 0 : tax));
        assertThat(List.of(quote.itemsMinor(), quote.shippingMinor(), quote.taxMinor(), quote.totalMinor()))
                .allMatch(amount -> amount >= 0);
        if (zone.pricesIncludeTax()) {
            assertThat(quote.taxMinor()).isLessThanOrEqualTo(quote.totalMinor());
        }
        assertThat(quote.shipments()).hasSize((int)
                items.stream().map(Pricing.Item::vendorId).distinct().count());
    }

    @Property(tries = 2000)
    void each_line_is_taxed_at_its_category_rate_rounded_half_up(
            @ForAll("carts") List<Pricing.Item> items, @ForAll("zones") ShippingZone zone) {
        Pricing.Quote quote = Pricing.quote(items, zone, zone.methods().getFirst());

        for (Pricing.PricedLine line : quote.lines()) {
            int bp = zone.taxBpFor(line.item().categoryId());
            java.math.BigDecimal exact = java.math.BigDecimal.valueOf(line.lineMinor())
                    .multiply(java.math.BigDecimal.valueOf(bp))
                    .divide(
                            java.math.BigDecimal.valueOf(zone.pricesIncludeTax() ? 10_000 + bp : 10_000),
                            0,
                            java.math.RoundingMode.HALF_UP);
            assertThat(line.taxBp()).isEqualTo(bp);
            assertThat(line.taxMinor()).isEqualTo(exact.longValueExact());
            assertThat(line.lineMinor())
                    .isEqualTo(line.item().unitPriceMinor() * line.item().quantity());
        }
    }

    @Example
    void a_german_order_with_19_percent_included_and_7_percent_for_books() {
        UUID books = UUID.randomUUID();
        ShippingZone de = new ShippingZone(
                UUID.randomUUID(),
                "Germany",
                List.of("DE"),
                List.of(),
                "EUR",
                true,
                1900,
                List.of(new ShippingMethod("standard", "Standard", ShippingMethod.Kind.FLAT, 495, 0, 5000L)),
                Map.of(books, 700),
                1);
        var pads = item(VENDORS[0], null, 2999, 2, 0);
        var manual = item(VENDORS[1], books, 1999, 1, 0);

        Pricing.Quote quote =
                Pricing.quote(List.of(pads, manual), de, de.methods().getFirst());

        // 59.98 incl. 19 % -> 9.58 tax; 19.99 incl. 7 % -> 1.31; vendor 0 ships free (>= 50.00),
        // vendor 1 pays 4.95 incl. 19 % -> 0.79
        assertThat(quote.lines()).extracting(Pricing.PricedLine::taxMinor).containsExactly(958L, 131L);
        assertThat(quote.shipments())
                .extracting(Pricing.PricedShipment::shippingMinor)
                .containsExactly(0L, 495L);
        assertThat(quote.taxMinor()).isEqualTo(958 + 131 + 79);
        assertThat(quote.totalMinor()).isEqualTo(5998 + 1999 + 495);
    }

    @Example
    void a_us_order_adds_tax_on_top_and_ships_by_weight() {
        ShippingZone us = new ShippingZone(
                UUID.randomUUID(),
                "USA",
                List.of("US"),
                List.of(),
                "USD",
                false,
                725,
                List.of(new ShippingMethod("ground", "Ground", ShippingMethod.Kind.BY_WEIGHT, 500, 150, null)),
                Map.of(),
                1);
        var rotor = new Pricing.Item(
                UUID.randomUUID(), VENDORS[0], null, "Rotor", 8950, "USD", 2, 6200); // 12.4 kg -> 13 started kilograms

        Pricing.Quote quote = Pricing.quote(List.of(rotor), us, us.methods().getFirst());

        assertThat(quote.shippingMinor()).isEqualTo(500 + 13 * 150);
        assertThat(quote.taxMinor()).isEqualTo(1298 + 178); // 179.00 * 7.25 % = 12.9775; 24.50 * 7.25 % = 1.77625
        assertThat(quote.totalMinor()).isEqualTo(17900 + 2450 + 1298 + 178);
    }

    @Example
    void one_order_has_one_currency() {
        ShippingZone eu = zone("EUR", false, 2000, List.of(flat()));
        var euros = item(VENDORS[0], null, 100, 1, 0);
        var dollars = new Pricing.Item(UUID.randomUUID(), VENDORS[0], null, "Dollar part", 100, "USD", 1, 0);

        assertThatThrownBy(() -> Pricing.quote(List.of(euros, dollars), eu, flat()))
                .isInstanceOf(PricingException.class)
                .hasMessageContaining("one currency");
    }

    @Example
    void a_zone_ships_in_its_own_currency_only() {
        ShippingZone us = zone("USD", false, 0, List.of(flat()));

        assertThatThrownBy(() -> Pricing.quote(List.of(item(VENDORS[0], null, 100, 1, 0)), us, flat()))
                .isInstanceOf(PricingException.class)
                .extracting(e -> ((PricingException) e).field())
                .isEqualTo("shippingAddress.country");
    }

    @Example
    void half_up_rounds_halves_away_from_zero() {
        assertThat(Pricing.halfUp(4, 10)).isZero();
        assertThat(Pricing.halfUp(5, 10)).isEqualTo(1);
        assertThat(Pricing.halfUp(15, 10)).isEqualTo(2);
        assertThat(Pricing.halfUp(14, 10)).isEqualTo(1);
        assertThat(Pricing.tax(1, 5000, false)).isEqualTo(1); // 0.5 -> 1
        assertThat(Pricing.tax(1, 4999, false)).isZero();
    }

    @Provide
    Arbitrary<List<Pricing.Item>> carts() {
        Arbitrary<Pricing.Item> item = Combinators.combine(
                        Arbitraries.of(VENDORS),
                        Arbitraries.of(BRAKES, UUID.randomUUID()).injectNull(0.3),
                        Arbitraries.longs().between(0, 5_000_000),
                        Arbitraries.integers().between(1, 99),
                        Arbitraries.integers().between(0, 50_000))
                .as((vendor, category, price, quantity, grams) -> item(vendor, category, price, quantity, grams));
        return item.list().ofMinSize(1).ofMaxSize(50);
    }

    @Provide
    Arbitrary<ShippingZone> zones() {
        Arbitrary<ShippingMethod> method = Combinators.combine(
                        Arbitraries.of(ShippingMethod.Kind.values()),
                        Arbitraries.longs().between(0, 10_000),
                        Arbitraries.longs().between(0, 2_000),
                        Arbitraries.longs().between(0, 100_000).injectNull(0.5))
                .as((kind, base, rate, free) -> new ShippingMethod("m", "Method", kind, base, rate, free));
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 10_000),
                        method)
                .as((included, defaultBp, brakesBp, m) -> new ShippingZone(
                        UUID.randomUUID(),
                        "Zone",
                        List.of("DE"),
                        List.of(),
                        "EUR",
                        included,
                        defaultBp,
                        List.of(m),
                        Map.of(BRAKES, brakesBp),
                        1));
    }

    private static Pricing.Item item(UUID vendor, UUID category, long price, int quantity, int grams) {
        return new Pricing.Item(UUID.randomUUID(), vendor, category, "Part", price, "EUR", quantity, grams);
    }

    private static ShippingMethod flat() {
        return new ShippingMethod("standard", "Standard", ShippingMethod.Kind.FLAT, 500, 0, null);
    }

    private static ShippingZone zone(String currency, boolean included, int bp, List<ShippingMethod> methods) {
        return new ShippingZone(
                UUID.randomUUID(), "Zone", List.of("DE"), List.of(), currency, included, bp, methods, Map.of(), 1);
    }
}
