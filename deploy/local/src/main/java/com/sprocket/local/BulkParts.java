package com.sprocket.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Grows the local suite's catalog to N parts for the search benchmark, straight into PostgreSQL in
 * batches (the demo vendors and leaf categories; realistic titles, brands, vehicles and OEM numbers).
 * Bulk rows publish no events: the search index picks them up when catalog-service restarts and rebuilds
 * it (the benchmark restarts it).
 */
final class BulkParts {

    private static final String[] PARTS = {
        "Brake pad set", "Brake disc", "Oil filter", "Air filter", "Cabin air filter", "Spark plug", "Shock absorber",
        "Radiator", "Water pump", "Timing belt kit", "Wiper blade", "Headlight bulb", "Clutch kit", "Alternator",
        "Starter motor", "Fuel pump", "Glow plug", "Ignition coil", "Wheel bearing", "Control arm", "Tie rod end",
        "Thermostat", "Drive belt", "Exhaust silencer", "Lambda sensor"
    };
    private static final String[] QUALIFIERS = {
        "front axle",
        "rear axle",
        "ventilated",
        "premium",
        "heavy duty",
        "OE quality",
        "left",
        "right",
        "set of 4",
        "ceramic",
        "sport"
    };
    private static final String[] VEHICLES = {
        "VW Golf",
        "BMW 3 Series",
        "Audi A4",
        "Ford Focus",
        "Opel Astra",
        "Toyota Corolla",
        "Renault Clio",
        "Skoda Octavia",
        "Mercedes C-Class",
        "Peugeot 308",
        "Fiat Punto",
        "Volvo V70"
    };
    private static final String[] BRANDS = {
        "Bosch", "Valeo", "Brembo", "Mann", "Mahle", "NGK", "Sachs", "Febi", "TRW", "Hella", "Denso", "Gates"
    };
    private static final String[] CONDITIONS = {"new", "new", "new", "new", "used", "refurbished"};

    private BulkParts() {}

    /** args: host port user password parts */
    static void run(String[] args) throws Exception {
        int wanted = Integer.parseInt(args[4]);
        String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/sprocket_catalog?reWriteBatchedInserts=true";
        try (Connection db = DriverManager.getConnection(url, args[2], args[3])) {
            int have = count(db, "SELECT count(*) FROM spare_parts WHERE deleted_at IS NULL");
            if (have >= wanted) {
                System.out.printf("catalog already holds %d parts (>= %d)%n", have, wanted);
                return;
            }
            List<UUID> vendors = ids(db, "SELECT id FROM vendors WHERE verified AND active");
            List<UUID> leaves = ids(
                    db,
                    "SELECT id FROM categories c WHERE NOT EXISTS "
                            + "(SELECT 1 FROM categories k WHERE k.parent_id = c.id)");
            if (vendors.isEmpty()) {
                throw new IllegalStateException("no verified vendors: run ./sprocket up first (it seeds them)");
            }
            Random random = new Random(42);
            long started = System.nanoTime();
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO spare_parts (id, vendor_id, category_id, title, description, brand, part_numbers,
                      part_number_key, condition, price_minor, currency, stock, low_stock_threshold, attributes,
                      created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'EUR', ?, 2, '{}'::jsonb,
                      now() - make_interval(secs => ?), now())
                    """)) {
                for (int i = have; i < wanted; i++) {
                    String part = PARTS[zipf(random, PARTS.length)];
                    String brand = BRANDS[zipf(random, BRANDS.length)];
                    String vehicle = VEHICLES[random.nextInt(VEHICLES.length)];
                    String title = brand + " " + part + ", " + QUALIFIERS[random.nextInt(QUALIFIERS.length)] + " for "
                            + vehicle;
                    String number = number(random);
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, vendors.get(random.nextInt(vendors.size())));
                    insert.setObject(3, leaves.isEmpty() ? null : leaves.get(random.nextInt(leaves.size())));
                    insert.setString(4, title);
                    insert.setString(
                            5,
                            part + " by " + brand + ", fits " + vehicle
                                    + " and similar models. Tested to OE specifications; fitting instructions included.");
                    insert.setString(6, brand);
                    insert.setArray(7, db.createArrayOf("text", new String[] {number}));
                    insert.setString(8, number.replaceAll("[^A-Z0-9]", ""));
                    insert.setString(9, CONDITIONS[random.nextInt(CONDITIONS.length)]);
                    insert.setLong(10, 199 + random.nextInt(60_000));
                    insert.setInt(11, random.nextInt(10) == 0 ? 0 : random.nextInt(200));
                    insert.setDouble(12, random.nextInt(365 * 24 * 3600));
                    insert.addBatch();
                    if ((i + 1) % 5_000 == 0) {
                        insert.executeBatch();
                        db.commit();
                        System.out.printf("\r%,d of %,d parts", i + 1, wanted);
                    }
                }
                insert.executeBatch();
                db.commit();
            }
            db.setAutoCommit(true);
            try (var analyze = db.createStatement()) {
                analyze.execute("ANALYZE spare_parts");
            }
            System.out.printf("%ncatalog grown to %,d parts in %.1f s%n", wanted, (System.nanoTime() - started) / 1e9);
        }
    }

    /** A skewed pick: index 0 most often (roughly Zipf with s = 1). */
    private static int zipf(Random random, int n) {
        double harmonic = 0;
        for (int k = 1; k <= n; k++) {
            harmonic += 1.0 / k;
        }
        double target = random.nextDouble() * harmonic;
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / k;
            if (sum >= target) {
                return k - 1;
            }
        }
        return n - 1;
    }

    private static String number(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> String.format("0 986 %03d %03d", random.nextInt(1000), random.nextInt(1000));
            case 1 ->
                String.format(
                        "%c%c-%04d",
                        (char) ('A' + random.nextInt(26)), (char) ('A' + random.nextInt(26)), random.nextInt(10_000));
            default -> String.format("%05d.%03d", random.nextInt(100_000), random.nextInt(1000));
        };
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<UUID> ids(Connection db, String sql) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                ids.add((UUID) rows.getObject(1));
            }
        }
        return ids;
    }
}
