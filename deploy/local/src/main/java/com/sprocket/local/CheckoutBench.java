package com.sprocket.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checkout throughput and checkout → {@code awaiting_payment} latency, open model: guest buyers (a
 * checkout needs no account: cart token + email) each hold one unit of a bench part in their cart,
 * prepared first and not measured; then checkouts are sent at a fixed rate whatever the answers take.
 * The latency to {@code awaiting_payment} is read from order-service's status history (the time the
 * order changed, catalog's reservation included) against the time the request was sent; both clocks
 * are this machine's. The orders are left awaiting payment and expire with their reservations.
 *
 * <p>A command-line tool of the local suite (no server, no event loop): it blocks and sleeps on its own
 * main thread on purpose, to pace requests and to wait for the services' asynchronous effects.
 */
final class CheckoutBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CheckoutBench() {}

    /**
     * @param checkoutUrl where checkouts go: order-service itself (:8084) or the gateway
     * @param cartUrl where carts are prepared (cart-service, :8083)
     */
    static void run(String gateway, String checkoutUrl, String cartUrl, int perSecond, int seconds, String[] pg)
            throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newFixedThreadPool(4, runnable -> {
                    Thread thread = new Thread(runnable, "bench-http");
                    thread.setDaemon(true); // the JVM ends when the bench does
                    return thread;
                }))
                .build();
        Map<String, String> tokens = DemoAccounts.ensure(
                gateway,
                java.nio.file.Files.createTempDirectory("sprocket-bench").toString());
        String part = benchPart(http, gateway, tokens.get("vendor1"), perSecond * seconds);
        awaitKnownToOrders(pg, part);
        List<String[]> carts = prepare(http, cartUrl, part, perSecond * seconds);
        System.out.printf(
                "%d guest carts ready; %d checkouts/s for %d s to %s%n", carts.size(), perSecond, seconds, checkoutUrl);

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> responseNanos = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < carts.size(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String[] cart = carts.get(i);
            long sent = System.nanoTime();
            long sentEpochMicros = Instant.now().toEpochMilli() * 1000;
            inFlight.add(http.sendAsync(checkout(checkoutUrl, cart), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        responseNanos.add(System.nanoTime() - sent);
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() == 201) {
                            sentAt.put(JSON.readTree(response.body()).get("id").asString(), sentEpochMicros);
                        }
                    })
                    .exceptionally(error -> {
                        statuses.merge(-1, 1, Integer::sum);
                        return null;
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int accepted = statuses.getOrDefault(201, 0);
        List<Long> toAwaiting = awaitingLatencies(pg, sentAt);
        Collections.sort(responseNanos);
        System.out.printf("answers: %s (-1: connection error)%n", new TreeMap<>(statuses));
        System.out.printf(
                "accepted: %d checkouts in %.1f s = %.1f checkouts/s (offered %d/s)%n",
                accepted, elapsed, accepted / elapsed, perSecond);
        System.out.printf(
                "checkout response: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n",
                pct(responseNanos, 50) / 1e6, pct(responseNanos, 90) / 1e6, pct(responseNanos, 99) / 1e6);
        System.out.printf(
                "checkout -> awaiting_payment (%d orders): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n",
                toAwaiting.size(), pct(toAwaiting, 50) / 1e3, pct(toAwaiting, 90) / 1e3, pct(toAwaiting, 99) / 1e3);
    }

    private static String benchPart(HttpClient http, String gateway, String vendor, int units) throws Exception {
        String body = JSON.writeValueAsString(Map.of(
                "title",
                "Bench brake disc " + UUID.randomUUID().toString().substring(0, 8),
                "brand",
                "ATE",
                "condition",
                "new",
                "priceMinor",
                4999,
                "currency",
                "EUR",
                "stock",
                Math.max(units * 2, 1000),
                "attributes",
                Map.of("weight_kg", 6.2)));
        var response = http.send(
                HttpRequest.newBuilder(URI.create(gateway + "/api/catalog/parts"))
                        .header("Authorization", "Bearer " + vendor)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating the bench part failed: " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asString();
    }

    /** Guest carts holding one unit of the part: [cart token, cart version]. */
    private static List<String[]> prepare(HttpClient http, String cartUrl, String part, int count) throws Exception {
        List<String[]> carts = Collections.synchronizedList(new ArrayList<>());
        Semaphore parallel = new Semaphore(16);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parallel.acquire();
            var guest = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(cartUrl + "/api/carts/guest"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            all.add(guest.thenCompose(created -> {
                        String token =
                                JSON.readTree(created.body()).get("guestToken").asString();
                        return http.sendAsync(
                                        HttpRequest.newBuilder(URI.create(cartUrl + "/api/carts/current/items"))
                                                .header("X-Cart-Token", token)
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString(
                                                        "{\"partId\":\"" + part + "\",\"quantity\":1}"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .thenAccept(added -> carts.add(new String[] {
                                    token,
                                    JSON.readTree(added.body()).get("version").asString()
                                }));
                    })
                    .whenComplete((ok, error) -> parallel.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        Thread.sleep(2000); // order-service's cart read model catches up (a buyer does not check out at once)
        return carts;
    }

    private static HttpRequest checkout(String url, String[] cart) {
        String body = "{\"cartVersion\":" + cart[1]
                + ",\"email\":\"bench@example.com\",\"shippingMethod\":\"standard\",\"shippingAddress\":"
                + "{\"name\":\"Bench Buyer\",\"line1\":\"Hauptstr. 1\",\"city\":\"Berlin\",\"postalCode\":\"10115\","
                + "\"country\":\"DE\"}}";
        return HttpRequest.newBuilder(URI.create(url + "/api/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Cart-Token", cart[0])
                .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static void awaitKnownToOrders(String[] pg, String part) throws Exception {
        try (Connection db = connect(pg);
                PreparedStatement query = db.prepareStatement("SELECT 1 FROM part_offers WHERE part_id = ?::uuid")) {
            query.setString(1, part);
            for (int i = 0; i < 300; i++) {
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("order-service never learned the bench part " + part);
    }

    /** Microseconds from each accepted checkout's send to its awaiting_payment entry in the history. */
    private static List<Long> awaitingLatencies(String[] pg, Map<String, Long> sentAt) throws Exception {
        List<Long> latencies = new ArrayList<>();
        try (Connection db = connect(pg);
                PreparedStatement query = db.prepareStatement("""
                        SELECT order_id::text, (extract(epoch FROM at) * 1000000)::bigint AS micros
                        FROM order_status_history WHERE status = 'awaiting_payment' AND order_id = ANY(?::uuid[])
                        """)) {
            for (int attempt = 0; attempt < 60 && latencies.size() < sentAt.size(); attempt++) {
                latencies.clear();
                query.setArray(1, db.createArrayOf("text", sentAt.keySet().toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        latencies.add(rows.getLong("micros") - sentAt.get(rows.getString(1)));
                    }
                }
                if (latencies.size() < sentAt.size()) {
                    Thread.sleep(500);
                }
            }
        }
        Collections.sort(latencies);
        return latencies;
    }

    private static Connection connect(String[] pg) throws Exception {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + pg[0] + ":" + pg[1] + "/sprocket_order", pg[2], pg.length > 3 ? pg[3] : "");
    }

    private static double pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
