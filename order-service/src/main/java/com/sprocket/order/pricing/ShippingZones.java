package com.sprocket.order.pricing;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Zones with their methods and category tax rates, each read in one query. A zone is written whole:
 * its row, methods and rates replaced in one statement.
 */
@Repository
public class ShippingZones {

    private static final TypeReference<List<MethodRow>> METHODS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Integer>> RATES = new TypeReference<>() {};
    private static final String SELECT = """
            SELECT z.id, z.name, z.countries, z.regions, z.currency, z.prices_include_tax, z.default_tax_bp, z.version,
              (SELECT coalesce(json_agg(json_build_object('code', m.code, 'name', m.name, 'kind', m.kind,
                        'baseMinor', m.base_minor, 'rateMinor', m.rate_minor, 'freeAboveMinor', m.free_above_minor)
                        ORDER BY m.code), '[]') FROM shipping_methods m WHERE m.zone_id = z.id) AS methods,
              (SELECT coalesce(json_object_agg(t.category_id, t.rate_bp), '{}') FROM tax_rates t
                WHERE t.zone_id = z.id) AS rates
            FROM shipping_zones z
            """;

    private final DatabaseClient db;
    private final ObjectMapper json;

    ShippingZones(DatabaseClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** The zone that ships to an address: one naming the address's region wins over a whole-country zone. */
    public Mono<ShippingZone> forAddress(String country, String region) {
        return db.sql(SELECT + """
                         WHERE :country = ANY(z.countries)
                           AND (cardinality(z.regions) = 0 OR :region = ANY(z.regions))
                         ORDER BY cardinality(z.regions) DESC, z.created_at LIMIT 1
                        """)
                .bind("country", country)
                .bind("region", region == null ? "" : region)
                .map(this::toZone)
                .one();
    }

    public Mono<ShippingZone> find(UUID id) {
        return db.sql(SELECT + " WHERE z.id = :id")
                .bind("id", id)
                .map(this::toZone)
                .one();
    }

    /** Zones by name then id, a page at a time ({@code after} is the last id of the previous page). */
    Flux<ShippingZone> page(UUID after, int limit) {
        return db.sql(SELECT + " WHERE (:after::uuid IS NULL OR z.id > :after) ORDER BY z.id LIMIT :limit")
                .bind("after", Parameter.fromOrEmpty(after, UUID.class))
                .bind("limit", limit + 1)
                .map(this::toZone)
                .all();
    }

    /**
     * Inserts or replaces the zone whole (row, then its methods and rates), in the caller's transaction;
     * empty when {@code expectedVersion} is given and stale.
     */
    Mono<ShippingZone> save(ShippingZone zone, Integer expectedVersion) {
        return db.sql("""
                        INSERT INTO shipping_zones (id, name, countries, regions, currency, prices_include_tax,
                                                    default_tax_bp, version)
                        VALUES (:id, :name, :countries, :regions, :currency, :included, :defaultBp, 1)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, countries = EXCLUDED.countries,
                          regions = EXCLUDED.regions, currency = EXCLUDED.currency,
                          prices_include_tax = EXCLUDED.prices_include_tax, default_tax_bp = EXCLUDED.default_tax_bp,
                          version = shipping_zones.version + 1, updated_at = now()
                        WHERE :expected::int IS NULL OR shipping_zones.version = :expected
                        RETURNING version
                        """)
                .bind("id", zone.id())
                .bind("name", zone.name())
                .bind("countries", zone.countries().toArray(String[]::new))
                .bind("regions", zone.regions().toArray(String[]::new))
                .bind("currency", zone.currency())
                .bind("included", zone.pricesIncludeTax())
                .bind("defaultBp", zone.defaultTaxBp())
                .bind("expected", Parameter.fromOrEmpty(expectedVersion, Integer.class))
                .map(row -> row.get("version", Integer.class))
                .one()
                .flatMap(version -> replaceMethodsAndRates(zone).then(find(zone.id())));
    }

    private Mono<Boolean> replaceMethodsAndRates(ShippingZone zone) {
        Mono<Void> methods = db.sql("DELETE FROM shipping_methods WHERE zone_id = :id")
                .bind("id", zone.id())
                .then()
                .then(db.sql("""
                                INSERT INTO shipping_methods (zone_id, code, name, kind, base_minor, rate_minor,
                                                              free_above_minor)
                                SELECT :id, m.code, m.name, m.kind, m.base, m.rate, m.free
                                FROM unnest(:codes::text[], :names::text[], :kinds::text[], :bases::bigint[],
                                            :rates::bigint[], :frees::bigint[]) AS m(code, name, kind, base, rate, free)
                                """)
                        .bind("id", zone.id())
                        .bind(
                                "codes",
                                zone.methods().stream()
                                        .map(ShippingMethod::code)
                                        .toArray(String[]::new))
                        .bind(
                                "names",
                                zone.methods().stream()
                                        .map(ShippingMethod::name)
                                        .toArray(String[]::new))
                        .bind(
                                "kinds",
                                zone.methods().stream()
                                        .map(m -> m.kind().code())
                                        .toArray(String[]::new))
                        .bind(
                                "bases",
                                zone.methods().stream()
                                        .map(ShippingMethod::baseMinor)
                                        .toArray(Long[]::new))
                        .bind(
                                "rates",
                                zone.methods().stream()
                                        .map(ShippingMethod::rateMinor)
                                        .toArray(Long[]::new))
                        .bind(
                                "frees",
                                zone.methods().stream()
                                        .map(ShippingMethod::freeAboveMinor)
                                        .toArray(Long[]::new))
                        .then());
        Mono<Void> rates = db.sql("DELETE FROM tax_rates WHERE zone_id = :id")
                .bind("id", zone.id())
                .then()
                .then(db.sql("""
                                INSERT INTO tax_rates (zone_id, category_id, rate_bp)
                                SELECT :id, t.category, t.bp FROM unnest(:categories::uuid[], :bps::int[]) AS t(category, bp)
                                """)
                        .bind("id", zone.id())
                        .bind("categories", zone.categoryTaxBp().keySet().toArray(UUID[]::new))
                        .bind("bps", zone.categoryTaxBp().values().toArray(Integer[]::new))
                        .then());
        return methods.then(rates).thenReturn(true);
    }

    Mono<Boolean> delete(UUID id) {
        return db.sql("DELETE FROM shipping_zones WHERE id = :id")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(deleted -> deleted > 0);
    }

    private ShippingZone toZone(Readable row) {
        List<MethodRow> methods = json.readValue(row.get("methods", Json.class).asString(), METHODS);
        Map<String, Integer> rates = json.readValue(row.get("rates", Json.class).asString(), RATES);
        Map<UUID, Integer> byCategory = new HashMap<>();
        rates.forEach((category, bp) -> byCategory.put(UUID.fromString(category), bp));
        return new ShippingZone(
                row.get("id", UUID.class),
                row.get("name", String.class),
                List.of(row.get("countries", String[].class)),
                List.of(row.get("regions", String[].class)),
                row.get("currency", String.class),
                Boolean.TRUE.equals(row.get("prices_include_tax", Boolean.class)),
                row.get("default_tax_bp", Integer.class),
                methods.stream().map(MethodRow::toMethod).toList(),
                byCategory,
                row.get("version", Integer.class));
    }

    private record MethodRow(
            String code, String name, String kind, long baseMinor, long rateMinor, Long freeAboveMinor) {
        ShippingMethod toMethod() {
            return new ShippingMethod(code, name, ShippingMethod.Kind.of(kind), baseMinor, rateMinor, freeAboveMinor);
        }
    }
}
