package com.sprocket.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two figures of the webhook path, against the running suite, with webhooks signed as TJ signs them
 * (the local suite's secret):
 *
 * <ol>
 *   <li><b>received → browser</b>: the demo customer's SSE stream is open through the gateway; for each of
 *       {@code payments} fresh orders a payment is started (not confirmed at the sandbox, so only our
 *       webhooks move it), then its processing, authorised, paid and settled webhooks are sent one after
 *       another; each sample is the time from sending a webhook to its {@code payment.<status>.v1} on the
 *       stream (HTTP → stored → processed → outbox → Kafka → hub → SSE → gateway → client).
 *   <li><b>accepted per second</b>: at a fixed rate (open model), signed webhooks with new event ids that
 *       repeat a settled payment's status (stored, processed, no change): 2xx answers per second, answer
 *       time, and how long processing took to catch up after the last one.
 * </ol>
 *
 * <p>A command-line tool (no event loop): it blocks and spins on its own threads on purpose.
 */
final class WebhookBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET = System.getenv().getOrDefault("TJ_WEBHOOK_SECRET", "whsec_sprocket_local");

    private WebhookBench() {}

    static void run(String gateway, String target, int payments, int perSecond, int seconds) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String customer = JSON.readTree(http.send(
                                DemoAccounts.request(
                                        gateway + "/api/identity/login",
                                        "POST",
                                        null,
                                        Map.of("email", "customer@sprocket.local", "password", DemoAccounts.PASSWORD)),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("accessToken")
                .asString();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        var stream = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway + "/api/realtime/stream"))
                        .header("Authorization", "Bearer " + customer)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<?> reading =
                stream.thenAccept(response -> response.body().forEach(line -> {
                    if (line.startsWith("data:") && line.contains("\"paymentId\"")) {
                        JsonNode data = JSON.readTree(line.substring(5));
                        seen.putIfAbsent(
                                data.get("paymentId").asString() + "/"
                                        + data.get("status").asString(),
                                System.nanoTime());
                    }
                }));

        System.out.printf("preparing %d orders and payments of customer@sprocket.local ...%n", payments);
        JsonNode parts = DemoOrders.get(
                        gateway + "/api/catalog/parts?inStock=true&currency=EUR&limit=50&sort=price_asc", null)
                .get("items");
        List<String[]> started = new ArrayList<>(); // payment id, provider payment id, amount
        for (int i = 0; i < payments; i++) {
            String order = DemoOrders.order(gateway, customer, parts.get(i % parts.size()), 1);
            JsonNode payment = DemoOrders.send(
                    HttpRequest.newBuilder(URI.create(gateway + "/api/payments"))
                            .header("Authorization", "Bearer " + customer)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    JSON.writeValueAsString(Map.of("orderId", order))))
                            .build(),
                    201);
            String confirm = payment.get("confirmUrl").asString();
            String pid = confirm.substring(confirm.indexOf("/v1/payments/") + 13, confirm.lastIndexOf("/confirm"));
            started.add(new String[] {
                payment.get("id").asString(), pid, payment.get("amountMinor").asString()
            });
        }

        List<Long> latencies = new ArrayList<>();
        int lost = 0;
        for (String[] payment : started) {
            for (String status : List.of("processing", "authorised", "paid", "settled")) {
                long sent = System.nanoTime();
                int code = post(http, target, event(payment[1], status, Long.parseLong(payment[2])));
                if (code / 100 != 2) {
                    throw new IllegalStateException("webhook answered " + code);
                }
                String key = payment[0] + "/" + status;
                long deadline = sent + 10_000_000_000L;
                while (!seen.containsKey(key) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                Long at = seen.get(key);
                if (at == null) {
                    lost++;
                } else {
                    latencies.add(at - sent);
                }
            }
        }
        Collections.sort(latencies);
        System.out.printf(
                "webhook sent -> payment event on the buyer's SSE stream (%d samples, %d missing): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies.size(),
                lost,
                percentile(latencies, 0.50) / 1e6,
                percentile(latencies, 0.99) / 1e6,
                latencies.isEmpty() ? 0 : latencies.getLast() / 1e6);

        // throughput: repeats of a settled payment's status, each a new event (stored, processed, no change)
        String[] settled = started.getFirst();
        int total = perSecond * seconds;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Long> answers = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            long sent = System.nanoTime();
            inFlight.add(http.sendAsync(
                            request(target, event(settled[1], "settled", Long.parseLong(settled[2]))),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        answers.add(System.nanoTime() - sent);
                        if (error == null && response.statusCode() / 100 == 2) {
                            accepted.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        double took = (System.nanoTime() - start) / 1e9;
        long drained = drain(http, target);
        List<Long> sorted;
        synchronized (answers) {
            sorted = new ArrayList<>(answers);
        }
        Collections.sort(sorted);
        System.out.printf(
                "offered %d webhooks/s for %d s: %.0f accepted/s (%d accepted, %d refused), answer p50 %.1f ms, p99 %.1f ms; "
                        + "processing caught up %d ms after the last answer%n",
                perSecond,
                seconds,
                accepted.get() / took,
                accepted.get(),
                refused.get(),
                percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6,
                drained);
        reading.cancel(true);
        System.exit(0);
    }

    /** Milliseconds until payment-service's backlog of stored, unprocessed webhooks is empty (its gauge). */
    private static long drain(HttpClient http, String target) throws Exception {
        long start = System.nanoTime();
        String metrics = "http://127.0.0.1:8085/actuator/prometheus";
        for (int i = 0; i < 600; i++) {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(metrics)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            boolean empty = body.lines()
                    .filter(line -> line.startsWith("sprocket_payment_webhooks_backlog"))
                    .anyMatch(line -> line.trim().endsWith(" 0.0"));
            if (empty && i > 0) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(100); // polling a metric from a command-line tool
        }
        return -1;
    }

    private static int post(HttpClient http, String target, String body) throws Exception {
        return http.send(request(target, body), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpRequest request(String target, String body) {
        long t = Instant.now().getEpochSecond();
        return HttpRequest.newBuilder(URI.create(target + "/api/payments/webhooks/tj"))
                .header("Content-Type", "application/json")
                .header("TJ-Signature", "t=" + t + ",v1=" + sign(t, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String event(String providerPaymentId, String status, long amount) {
        return JSON.writeValueAsString(Map.of(
                "id",
                "evt_bench_" + UUID.randomUUID(),
                "type",
                "payment." + status,
                "created",
                Instant.now().getEpochSecond(),
                "data",
                Map.of("object", Map.of("id", providerPaymentId, "status", status, "amount", amount))));
    }

    private static String sign(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
