package com.sprocket.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds realistic demo data through the public API and the gateway (so every part also produces its
 * {@code part.created.v1} event; parts go up as each vendor's catalogue upload, 100 a request): a two-level category tree and 1,200 spare parts from five
 * vendors, generated from a fixed seed, no network beyond localhost.
 *
 * <p>A command-line tool of the local suite (no server, no event loop): it blocks and sleeps on its own
 * main thread on purpose, to pace requests and to wait for the services' asynchronous effects.
 */
final class DemoData {

    static final int PARTS = 1_200;
    static final String KAFKA = System.getenv().getOrDefault("SPROCKET_KAFKA", "127.0.0.1:9092");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Map<String, List<String>> TREE = tree();
    private static final String[] BRANDS = {
        "Bosch", "Valeo", "Brembo", "ATE", "TRW", "Mann-Filter", "NGK", "Denso", "Febi Bilstein", "Lemförder",
        "Sachs", "Monroe", "Gates", "Continental", "Hella", "Varta", "Mahle", "SKF", "LuK", "Walker"
    };
    private static final String[] VEHICLES = {
        "VW Golf VII (2012-2020)",
        "Ford Focus III (2010-2018)",
        "BMW 3 Series F30 (2011-2019)",
        "Toyota Corolla E210 (2018-)",
        "Renault Clio IV (2012-2019)",
        "Opel Astra K (2015-2021)",
        "Audi A4 B9 (2015-)",
        "Skoda Octavia III (2012-2020)",
        "Peugeot 308 II (2013-2021)",
        "Fiat 500 (2007-)",
        "Mercedes C-Class W205 (2014-2021)",
        "Hyundai i30 PD (2016-)"
    };
    private static final String[] POSITIONS = {"front axle", "rear axle", "left", "right", ""};

    private DemoData() {}

    /** Seeds through the gateway with the demo accounts' tokens. */
    static void seed(String catalogUrl, String runDirectory) throws Exception {
        Map<String, String> tokens = DemoAccounts.ensure(catalogUrl, runDirectory);
        // resumable: categories that exist are reused, and every upload has a fixed Idempotency-Key,
        // so a seed interrupted half-way completes on the next run (and a complete one replays in a second)
        String admin = tokens.get("admin");
        Map<String, UUID> existing = existingCategories(catalogUrl);
        Map<String, UUID> leaves = createCategories(catalogUrl, admin, existing);
        List<String> vendors = new ArrayList<>();
        for (String vendor : DemoAccounts.VENDORS) {
            vendors.add(tokens.get(vendor));
        }
        long started = System.nanoTime();
        int created = createParts(catalogUrl, vendors, leaves);
        System.out.printf(
                "demo catalogue: %d categories and %d parts in place (uploads done before are replayed) in %.1f s%n",
                TREE.size() + leaves.size(), created, (System.nanoTime() - started) / 1e9);
        DemoOrders.seed(catalogUrl, tokens);
    }

    /** The categories already there, by slug. */
    private static Map<String, UUID> existingCategories(String catalogUrl) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(catalogUrl + "/api/catalog/categories"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("reading the categories failed: " + response.body());
        }
        Map<String, UUID> bySlug = new LinkedHashMap<>();
        collect(JSON.readTree(response.body()), bySlug);
        return bySlug;
    }

    private static void collect(tools.jackson.databind.JsonNode categories, Map<String, UUID> bySlug) {
        for (var category : categories) {
            bySlug.put(
                    category.get("slug").asString(),
                    UUID.fromString(category.get("id").asString()));
            collect(category.get("children"), bySlug);
        }
    }

    private static Map<String, UUID> createCategories(String catalogUrl, String admin, Map<String, UUID> existing)
            throws Exception {
        Map<String, UUID> leaves = new LinkedHashMap<>();
        int position = 0;
        for (var root : TREE.entrySet()) {
            UUID rootId = createCategory(catalogUrl, admin, existing, null, root.getKey(), position++);
            int childPosition = 0;
            for (String leaf : root.getValue()) {
                leaves.put(leaf, createCategory(catalogUrl, admin, existing, rootId, leaf, childPosition++));
            }
        }
        return leaves;
    }

    private static UUID createCategory(
            String catalogUrl, String admin, Map<String, UUID> existing, UUID parent, String name, int position)
            throws Exception {
        String slug = name.toLowerCase().replace(" & ", "-").replaceAll("[^a-z0-9]+", "-");
        if (existing.containsKey(slug)) {
            return existing.get(slug);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("slug", slug);
        body.put("position", position);
        if (parent != null) {
            body.put("parentId", parent);
        }
        var response = HTTP.send(
                post(catalogUrl + "/api/catalog/categories", admin, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating category " + name + " failed: " + response.body());
        }
        return UUID.fromString(JSON.readTree(response.body()).get("id").asString());
    }

    /**
     * Uploads the parts as each vendor's catalogue (POST /api/catalog/parts/imports, 100 a request, all
     * vendors at once): each part still produces its part.created.v1 event and enters the search index.
     * The keys are fixed, so a seed interrupted and run again creates nothing twice.
     */
    private static int createParts(String catalogUrl, List<String> vendors, Map<String, UUID> leaves) throws Exception {
        Random random = new Random(42);
        List<String> leafNames = new ArrayList<>(leaves.keySet());
        List<List<Map<String, Object>>> byVendor = new ArrayList<>();
        for (int v = 0; v < vendors.size(); v++) {
            byVendor.add(new ArrayList<>());
        }
        for (int i = 0; i < PARTS; i++) {
            String leaf = leafNames.get(random.nextInt(leafNames.size()));
            byVendor.get(i % vendors.size()).add(part(random, i, leaf, leaves.get(leaf)));
        }
        AtomicInteger created = new AtomicInteger();
        List<CompletableFuture<Void>> uploads = new ArrayList<>();
        for (int v = 0; v < vendors.size(); v++) {
            String vendor = vendors.get(v);
            List<Map<String, Object>> parts = byVendor.get(v);
            String keyPrefix = "demo-vendor" + (v + 1) + "-";
            uploads.add(CompletableFuture.runAsync(() -> {
                for (int from = 0; from < parts.size(); from += UPLOAD) {
                    List<Map<String, Object>> chunk = parts.subList(from, Math.min(parts.size(), from + UPLOAD));
                    // each vendor's first upload waits until catalog has heard of the vendor's
                    // verification (identity.users): until then catalog refuses to let them sell (403)
                    upload(catalogUrl, vendor, keyPrefix + from, chunk, from == 0);
                    System.out.printf("  parts: %d of %d%n", created.addAndGet(chunk.size()), PARTS);
                }
            }));
        }
        CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).join();
        return created.get();
    }

    private static final int UPLOAD = 100;

    private static void upload(
            String catalogUrl, String vendor, String key, List<Map<String, Object>> parts, boolean awaitVerification) {
        try {
            for (int attempt = 0; attempt < 120; attempt++) {
                var request = HttpRequest.newBuilder(URI.create(catalogUrl + "/api/catalog/parts/imports"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + vendor)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("parts", parts))))
                        .build();
                var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    return;
                }
                if (response.statusCode() == 422) {
                    // the key holds an upload of an earlier version of the demo data: it is in place
                    return;
                }
                // the gateway answers 502/503/504 while catalog is slow or restarting (a first start
                // on a new machine compiles and writes AOT caches in every JVM at once): the same
                // Idempotency-Key makes the retry safe, replaying the upload if the first one landed
                boolean unavailable =
                        response.statusCode() == 502 || response.statusCode() == 503 || response.statusCode() == 504;
                if (!unavailable && !(awaitVerification && response.statusCode() == 403)) {
                    throw new IllegalStateException(
                            "upload rejected: " + response.statusCode() + " " + response.body());
                }
                if (unavailable) {
                    System.out.printf("  parts: upload %s answered %d, retrying%n", key, response.statusCode());
                }
                Thread.sleep(unavailable ? 2000 : 500); // a command-line tool's worker thread: no event loop here
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("catalog did not take the upload " + key
                + " (vendor not verified, or catalog unavailable) after 120 attempts");
    }

    private static Map<String, Object> part(Random random, int index, String leaf, UUID category) {
        String brand = BRANDS[random.nextInt(BRANDS.length)];
        String vehicle = VEHICLES[random.nextInt(VEHICLES.length)];
        String position = POSITIONS[random.nextInt(POSITIONS.length)];
        String kind = singular(leaf);
        String title = (brand + " " + kind + (position.isEmpty() ? "" : ", " + position) + " for " + vehicle);
        int stock = random.nextInt(10) == 0 ? 0 : random.nextInt(200);
        String condition = random.nextInt(10) < 8 ? "new" : random.nextBoolean() ? "used" : "refurbished";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("categoryId", category);
        body.put("title", title.length() > 200 ? title.substring(0, 200) : title);
        body.put(
                "description",
                brand + " " + kind.toLowerCase() + " in OE quality. Fits " + vehicle
                        + ". Check the OEM number against your vehicle documents before ordering.");
        body.put("brand", brand);
        body.put("partNumbers", List.of(partNumber(random, brand, index), oem(random)));
        body.put("condition", condition);
        body.put("priceMinor", 299 + random.nextInt(40_000));
        body.put("currency", "EUR");
        body.put("stock", stock);
        body.put("lowStockThreshold", 5);
        // ordered: the same upload must be the same bytes on every run (its Idempotency-Key is fixed)
        body.put(
                "attributes",
                new java.util.TreeMap<>(
                        Map.of("vehicle", vehicle, "warrantyMonths", condition.equals("new") ? 24 : 6)));
        return body;
    }

    private static String partNumber(Random random, String brand, int index) {
        return switch (brand) {
            case "Bosch" -> String.format("0 986 %03d %03d", random.nextInt(1000), index % 1000);
            case "NGK" -> "BKR" + (5 + random.nextInt(4)) + "E-" + (index % 100);
            case "Mann-Filter" -> "W " + (600 + random.nextInt(400)) + "/" + (index % 50);
            default -> brand.substring(0, 2).toUpperCase() + "-" + (10_000 + random.nextInt(90_000)) + "-" + index;
        };
    }

    private static String oem(Random random) {
        return String.format(
                "%dK0 %03d %03d %s",
                1 + random.nextInt(8), random.nextInt(1000), random.nextInt(1000), (char) ('A' + random.nextInt(6)));
    }

    private static String singular(String leaf) {
        if (leaf.endsWith("ches") || leaf.endsWith("shes")) {
            return leaf.substring(0, leaf.length() - 2);
        }
        return leaf.endsWith("s") ? leaf.substring(0, leaf.length() - 1) : leaf;
    }

    static HttpRequest post(String url, String token, Object body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
    }

    private static Map<String, List<String>> tree() {
        Map<String, List<String>> tree = new LinkedHashMap<>();
        tree.put("Brakes", List.of("Brake pads", "Brake discs", "Brake calipers", "Brake hoses"));
        tree.put("Engine", List.of("Oil filters", "Air filters", "Spark plugs", "Timing belts", "Gaskets"));
        tree.put("Suspension", List.of("Shock absorbers", "Coil springs", "Control arms", "Stabiliser links"));
        tree.put("Electrical", List.of("Batteries", "Alternators", "Starter motors", "Headlight bulbs"));
        tree.put("Cooling", List.of("Radiators", "Water pumps", "Thermostats"));
        tree.put("Body", List.of("Door mirrors", "Wiper blades", "Bumpers"));
        tree.put("Transmission", List.of("Clutch kits", "Gearbox mounts"));
        tree.put("Exhaust", List.of("Catalytic converters", "Silencers"));
        return tree;
    }
}
