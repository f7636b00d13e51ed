package com.sprocket.tjsandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers signed webhooks the way the provider does: {@code POST} to the merchant's endpoint with the
 * header {@value #SIGNATURE_HEADER}{@code : t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, signed
 * anew at every attempt; anything but a 2xx is retried with exponential backoff up to the attempt limit.
 * The switches add duplicates, delays, shuffling and loss.
 */
final class Webhooks {

    static final String SIGNATURE_HEADER = "TJ-Signature";
    private static final System.Logger log = System.getLogger(Webhooks.class.getName());

    /** One webhook event as sent (the record the sandbox keeps of it, for {@code GET /sandbox/events}). */
    record Sent(String eventId, String type, String paymentId, String body) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile URI endpoint;
    private final String secret;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Switches> switches;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration firstRetry;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    Webhooks(
            URI endpoint,
            String secret,
            ScheduledExecutorService scheduler,
            Supplier<Switches> switches,
            Clock clock,
            int maxAttempts,
            Duration firstRetry) {
        this.endpoint = endpoint;
        this.secret = secret;
        this.scheduler = scheduler;
        this.switches = switches;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.firstRetry = firstRetry;
    }

    /** Sends {@code body} (event {@code eventId}) as the switches say: maybe duplicated, delayed, shuffled or lost. */
    void send(String eventId, String type, String paymentId, String body) {
        sent.add(new Sent(eventId, type, paymentId, body));
        Switches now = switches.get();
        URI target = endpoint;
        if (target == null || now.dropWebhooks()) {
            log.log(System.Logger.Level.DEBUG, "webhook {0} ({1}) not delivered", eventId, type);
            return;
        }
        for (int copy = 0; copy < now.duplicates(); copy++) {
            long wait = now.delayMs()
                    + (now.shuffleMs() == 0 ? 0 : ThreadLocalRandom.current().nextLong(now.shuffleMs()));
            scheduler.schedule(() -> attempt(target, body, 1), wait, TimeUnit.MILLISECONDS);
        }
    }

    /** Points deliveries at another endpoint (the merchant's, once its port is known). */
    void deliverTo(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Delivers every event of the payment again (as a provider's "resend" button does). */
    int resend(String paymentId) {
        List<Sent> again =
                sent.stream().filter(s -> s.paymentId().equals(paymentId)).toList();
        URI target = endpoint;
        if (target != null) {
            again.forEach(s -> scheduler.execute(() -> attempt(target, s.body(), 1)));
        }
        return again.size();
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    Map<String, Long> counts() {
        return Map.of(
                "delivered", delivered.get(), "failedAttempts", failedAttempts.get(), "events", (long) sent.size());
    }

    private void attempt(URI target, String body, int attempt) {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "TJ-Sandbox-Webhooks/1.0")
                .header(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                return;
            }
            failedAttempts.incrementAndGet();
            if (attempt >= maxAttempts) {
                log.log(System.Logger.Level.WARNING, "webhook given up after {0} attempts", attempt);
                return;
            }
            long backoff = Math.min(firstRetry.toMillis() << Math.min(attempt - 1, 16), 60_000);
            scheduler.schedule(() -> attempt(target, body, attempt + 1), backoff, TimeUnit.MILLISECONDS);
        });
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"} with {@code secret}: the provider's signature scheme. */
    static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
