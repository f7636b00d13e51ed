package com.sprocket.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Add-to-cart → other device latency through the whole path (HTTP → cart outbox → Kafka → hub → SSE →
 * gateway): N devices of customer@sprocket.local hold the stream open; one device changes the cart at
 * a fixed rate; each device notes when the change with each new version arrives.
 */
final class CartBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CartBench() {}

    static void run(String gateway, int streams, int perSecond, int seconds) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = login(http, gateway, "customer@sprocket.local");
        String part = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create(gateway + "/api/catalog/parts?inStock=true&limit=1"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("items")
                .get(0)
                .get("id")
                .asString();
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger open = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(streams);
        for (int i = 0; i < streams; i++) {
            var request = HttpRequest.newBuilder(URI.create(gateway + "/api/realtime/stream"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                if (response.statusCode() == 200) {
                    open.incrementAndGet();
                }
                ready.countDown();
                response.body().forEach(line -> {
                    int at = line.indexOf("\"version\":");
                    if (line.startsWith("data:") && line.contains("\"kind\":\"user\"") && at >= 0) {
                        int end = at + 10;
                        while (end < line.length() && Character.isDigit(line.charAt(end))) {
                            end++;
                        }
                        Long sent = sentAt.get(Integer.parseInt(line.substring(at + 10, end)));
                        if (sent != null) {
                            latencies.add(System.nanoTime() - sent);
                        }
                    }
                });
            });
        }
        ready.await(60, TimeUnit.SECONDS);
        System.out.printf(
                "%d of %d streams open; %d cart writes/s for %d s%n", open.get(), streams, perSecond, seconds);
        int writes = perSecond * seconds;
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        int errors = 0;
        for (int i = 0; i < writes; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            int version = currentVersion(http, gateway, token, i == 0) + 1;
            sentAt.put(version, System.nanoTime());
            var write = HttpRequest.newBuilder(URI.create(gateway + "/api/carts/current/items/" + part))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("quantity", 1 + i % 3, "operationId", "bench-" + UUID.randomUUID()))))
                    .build();
            var response = http.send(write, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) { // no line yet: add it
                response = http.send(
                        HttpRequest.newBuilder(URI.create(gateway + "/api/carts/current/items"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        JSON.writeValueAsString(Map.of("partId", part, "quantity", 1))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() != 200) {
                errors++;
            } else {
                lastVersion = JSON.readTree(response.body()).get("version").asInt();
            }
        }
        long deadline = System.currentTimeMillis() + 10_000;
        long expected = (long) writes * open.get();
        while (latencies.size() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100); // a command-line tool's main thread, not an event loop
        }
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        System.out.printf("writes %d (errors %d), deliveries %d of %d%n", writes, errors, sorted.size(), expected);
        if (!sorted.isEmpty()) {
            System.out.printf(
                    "add-to-cart -> other device: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6,
                    sorted.getLast() / 1e6);
        }
        System.exit(0);
    }

    private static int lastVersion = -1;

    private static int currentVersion(HttpClient http, String gateway, String token, boolean fetch) throws Exception {
        if (fetch || lastVersion < 0) {
            JsonNode cart = JSON.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(gateway + "/api/carts/current"))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            lastVersion = cart.get("version").asInt();
        }
        return lastVersion;
    }

    private static String login(HttpClient http, String gateway, String email) throws Exception {
        var response = http.send(
                DemoAccounts.request(
                        gateway + "/api/identity/login",
                        "POST",
                        null,
                        Map.of("email", email, "password", DemoAccounts.PASSWORD)),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("accessToken").asString();
    }
}
