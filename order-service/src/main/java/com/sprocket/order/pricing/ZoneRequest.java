package com.sprocket.order.pricing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A shipping zone as an admin writes it, whole: where it ships, its currency and tax treatment, its
 * methods and its tax rates per part category (the zone default applies to other categories).
 */
public record ZoneRequest(
        @NotBlank @Size(max = 100) String name,

        @NotEmpty @Size(max = 300)
        List<@NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String> countries,

        @Nullable @Size(max = 100)
        List<@NotNull @Pattern(regexp = "[A-Z0-9]{1,3}", message = "must be a subdivision code") String> regions,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        String currency,

        @NotNull Boolean pricesIncludeTax,
        @NotNull @Min(0) @Max(10_000) Integer defaultTaxBp,
        @NotEmpty @Size(max = 20) List<@NotNull @Valid Method> methods,
        @Nullable @Size(max = 500) List<@NotNull @Valid CategoryRate> categoryRates) {

    public record Method(
            @NotNull @Pattern(regexp = "[a-z0-9-]{1,40}", message = "must be 1-40 of a-z, 0-9 and -")
            String code,

            @NotBlank @Size(max = 100) String name,
            @NotNull ShippingMethod.Kind kind,
            @NotNull @Min(0) @Max(100_000_000) Long baseMinor,
            @Nullable @Min(0) @Max(100_000_000) Long rateMinor,
            @Nullable @Min(0) @Max(100_000_000_000L) Long freeAboveMinor) {}

    public record CategoryRate(
            @NotNull UUID categoryId, @Min(0) @Max(10_000) int rateBp) {}

    @AssertTrue(message = "method codes must be unique in a zone")
    public boolean isMethodsUnique() {
        return methods == null
                || unique(methods.stream().map(m -> m == null ? null : m.code()).toList());
    }

    @AssertTrue(message = "a category has one rate per zone")
    public boolean isCategoryRatesUnique() {
        return categoryRates == null
                || unique(categoryRates.stream()
                        .map(rate -> rate == null ? null : rate.categoryId())
                        .toList());
    }

    /** True unless a non-null key repeats (nulls are reported by their own constraints). */
    private static boolean unique(List<?> keys) {
        List<?> present = keys.stream().filter(Objects::nonNull).toList();
        return new HashSet<>(present).size() == present.size();
    }

    ShippingZone toZone(UUID id) {
        Map<UUID, Integer> rates = new LinkedHashMap<>();
        if (categoryRates != null) {
            categoryRates.forEach(rate -> rates.put(rate.categoryId(), rate.rateBp()));
        }
        return new ShippingZone(
                id,
                name.strip(),
                countries.stream().distinct().toList(),
                regions == null ? List.of() : regions.stream().distinct().toList(),
                currency,
                pricesIncludeTax,
                defaultTaxBp,
                methods.stream()
                        .map(m -> new ShippingMethod(
                                m.code(),
                                m.name().strip(),
                                m.kind(),
                                m.baseMinor(),
                                m.rateMinor() == null ? 0 : m.rateMinor(),
                                m.freeAboveMinor()))
                        .toList(),
                rates,
                0);
    }
}
