package com.sprocket.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery latency from Kafka publish to SSE receipt: opens N streams of vendor1 through the gateway
 * (N devices of one vendor), publishes low-stock events for vendor1 to {@code catalog.inventory} at a
 * fixed rate, and measures, per delivery, publish time to the moment a client has read the event.
 * Path: Kafka → notification-service hub → SSE → gateway → client. Prints p50/p99/max.
 */
final class RealtimeBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RealtimeBench() {}

    static void run(String gateway, int streams, int perSecond, int seconds) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode session = JSON.readTree(http.send(
                        DemoAccounts.request(
                                gateway + "/api/identity/login",
                                "POST",
                                null,
                                Map.of("email", "vendor1@sprocket.local", "password", DemoAccounts.PASSWORD)),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String token = session.get("accessToken").asString();
        String vendorId = session.get("profile").get("id").asString();

        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger open = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(streams);
        List<CompletableFuture<?>> connections = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            var request = HttpRequest.newBuilder(URI.create(gateway + "/api/realtime/stream"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build();
            connections.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> {
                        if (response.statusCode() != 200) {
                            System.err.println("stream refused: " + response.statusCode());
                            ready.countDown();
                            return;
                        }
                        open.incrementAndGet();
                        ready.countDown();
                        response.body().forEach(line -> {
                            int at = line.indexOf("\"title\":\"bench:");
                            if (line.startsWith("data:") && at >= 0) {
                                long sent = Long.parseLong(line.substring(at + 15, line.indexOf('"', at + 15)));
                                latenciesMicros.add(nowMicros() - sent);
                            }
                        });
                    }));
        }
        ready.await(60, TimeUnit.SECONDS);
        System.out.printf(
                "%d of %d streams open; publishing %d events/s for %d s%n", open.get(), streams, perSecond, seconds);

        Properties config = new Properties();
        config.put("bootstrap.servers", "127.0.0.1:9092");
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        config.put("linger.ms", "0");
        int events = perSecond * seconds;
        try (var producer = new KafkaProducer<String, String>(config)) {
            long interval = 1_000_000_000L / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                String partId = UUID.randomUUID().toString();
                Map<String, Object> envelope = Map.of(
                        "specversion",
                        "1.0",
                        "id",
                        UUID.randomUUID().toString(),
                        "type",
                        "inventory.low-stock-detected.v1",
                        "source",
                        "sprocket/bench",
                        "subject",
                        partId,
                        "time",
                        Instant.now().toString(),
                        "data",
                        Map.of(
                                "alertId",
                                UUID.randomUUID().toString(),
                                "partId",
                                partId,
                                "vendorId",
                                vendorId,
                                "title",
                                "bench:" + nowMicros(),
                                "stock",
                                1,
                                "threshold",
                                5));
                producer.send(new ProducerRecord<>("catalog.inventory", partId, JSON.writeValueAsString(envelope)));
            }
            producer.flush();
        }
        long expected = (long) events * open.get();
        long deadline = System.currentTimeMillis() + 15_000;
        while (latenciesMicros.size() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100); // a command-line tool's main thread, not an event loop
        }
        connections.forEach(connection -> connection.cancel(true));
        List<Long> sorted;
        synchronized (latenciesMicros) {
            sorted = new ArrayList<>(latenciesMicros);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("no deliveries measured");
            return;
        }
        System.out.printf("delivered %d of %d (%d events x %d streams)%n", sorted.size(), expected, events, open.get());
        System.out.printf(
                "latency Kafka publish -> SSE client: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0, sorted.getLast() / 1000.0);
        System.exit(0);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
