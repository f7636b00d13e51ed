package com.sprocket.payment;

import static org.awaitility.Awaitility.await;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestEvents;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.tjsandbox.Switches;
import com.sprocket.tjsandbox.TjSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the payment tests share: the service on real PostgreSQL and Kafka, and the TJ sandbox as a real
 * HTTP server of its own (started once per JVM, its webhooks pointed at the service under test), orders
 * published as order-service would, the browser's confirmation at the sandbox over HTTP, and signed
 * webhooks made by hand for the attacks.
 */
@SprocketIntegrationTest
public abstract class PaymentTestSupport {

    public static final String API_KEY = "sk_test_payment_tests";
    public static final String SECRET = "whsec_current_secret";
    public static final String PREVIOUS_SECRET = "whsec_previous_secret";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final TjSandbox SANDBOX = TjSandbox.start(TjSandbox.Config.of(0, API_KEY, null, SECRET)
            .withSettlement(Duration.ofMillis(800))
            .withDelayedAuthorisation(Duration.ofMillis(1500)));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("sprocket.payment.tj.base-url", () -> SANDBOX.baseUrl().toString());
        registry.add("sprocket.payment.tj.api-key", () -> API_KEY);
        registry.add("sprocket.payment.tj.webhook-secrets", () -> SECRET + "," + PREVIOUS_SECRET);
        registry.add("sprocket.payment.tj.timeout", () -> "2s");
        registry.add("sprocket.payment.tj.retries", () -> "1");
        registry.add("sprocket.payment.tj.open-circuit-for", () -> "3s");
        registry.add("sprocket.payment.stuck-after", () -> "2s");
        registry.add("sprocket.payment.reconcile-every", () -> "1s");
        registry.add("sprocket.payment.order-sync-wait", () -> "1s");
    }

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected DatabaseClient db;

    @Autowired
    protected KafkaTemplate<String, String> kafka;

    @Autowired
    protected EventCodec codec;

    @LocalServerPort
    protected int port;

    @org.junit.jupiter.api.AfterEach
    void sandboxBackToNormal() {
        SANDBOX.switches(Switches.NORMAL); // a failed test must not leave TJ down for the next one
    }

    @BeforeEach
    void sandboxDeliversHere() {
        SANDBOX.switches(Switches.NORMAL);
        SANDBOX.deliverWebhooksTo(URI.create("http://127.0.0.1:" + port + "/api/payments/webhooks/tj"));
    }

    // ------------------------------------------------------------------ orders, as order-service publishes them

    protected UUID awaitingOrder(TestUser customer, long totalMinor, UUID... vendors) {
        return order(UUID.randomUUID(), customer.id(), null, "awaiting_payment", totalMinor, 2, vendors);
    }

    /** A guest's order awaiting payment; the token is what checkout gave the guest. */
    protected UUID awaitingGuestOrder(String orderToken, long totalMinor) {
        return order(UUID.randomUUID(), null, SecretTokens.sha256Hex(orderToken), "awaiting_payment", totalMinor, 2);
    }

    protected UUID order(
            UUID id, UUID customer, String tokenHash, String status, long totalMinor, int version, UUID... vendors) {
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", id.toString());
        data.put("customerId", customer == null ? null : customer.toString());
        data.put("guest", customer == null);
        data.put("orderTokenHash", tokenHash);
        data.put("status", status);
        data.put("paymentStatus", "pending");
        data.put("currency", "EUR");
        data.put("totalMinor", totalMinor);
        data.put("vendorIds", List.of(vendors).stream().map(UUID::toString).toList());
        data.put("version", version);
        String type = switch (status) {
            case "awaiting_payment" -> "order.awaiting-payment.v1";
            case "placed" -> "order.placed.v1";
            case "paid" -> "order.paid.v1";
            case "refund_requested" -> "order.refund-requested.v1";
            default -> "order." + status + ".v1";
        };
        if (status.equals("refund_requested")) {
            data.put("status", "paid");
        }
        TestEvents.publish(kafka, codec, "order.orders", id.toString(), type, data);
        awaitCount("SELECT count(*) AS n FROM payable_orders WHERE order_id = '" + id + "' AND version >= " + version);
        return id;
    }

    // ------------------------------------------------------------------ paying

    protected WebTestClient.ResponseSpec start(TestUser user, String orderToken, String key, Map<String, ?> body) {
        var request = client.post().uri("/api/payments").header("Idempotency-Key", key);
        if (user != null) {
            request = request.header("Authorization", user.bearer());
        }
        if (orderToken != null) {
            request = request.header("X-Order-Token", orderToken);
        }
        return request.bodyValue(body).exchange();
    }

    protected JsonNode started(TestUser user, UUID order) {
        return start(user, null, "key-" + UUID.randomUUID(), Map.of("orderId", order.toString()))
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** The browser confirms at the provider with a test card (the card never reaches us). */
    protected JsonNode confirm(JsonNode payment, String card) {
        return confirm(payment, card, false);
    }

    protected JsonNode confirm(JsonNode payment, String card, boolean save) {
        Map<String, Object> body = Map.of(
                "clientSecret",
                payment.get("clientSecret").asString(),
                "card",
                Map.of("number", card, "expMonth", 12, "expYear", 2099, "cvc", "123"),
                "save",
                save);
        HttpResponse<String> answer = post(URI.create(payment.get("confirmUrl").asString()), null, body);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("confirm failed: " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    protected static HttpResponse<String> post(URI uri, String apiKey, Object body) {
        var request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payment as the provider has it. */
    protected static JsonNode atProvider(String providerPaymentId) {
        var request = HttpRequest.newBuilder(SANDBOX.baseUrl().resolve("/v1/payments/" + providerPaymentId))
                .header("Authorization", "Bearer " + API_KEY)
                .GET()
                .build();
        try {
            return JSON.readTree(
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected String providerId(String paymentId) {
        return text("SELECT provider_payment_id AS v FROM payments WHERE id = '" + paymentId + "'");
    }

    protected void awaitPaymentStatus(String paymentId, String status) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status.equals(text("SELECT status AS v FROM payments WHERE id = '" + paymentId + "'")));
    }

    // ------------------------------------------------------------------ webhooks by hand

    protected WebTestClient.ResponseSpec webhook(String body, String signatureHeader) {
        var request = client.post().uri("/api/payments/webhooks/tj").header("Content-Type", "application/json");
        if (signatureHeader != null) {
            request = request.header("TJ-Signature", signatureHeader);
        }
        return request.bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    protected static String signature(String secret, Instant at, String body) {
        long t = at.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signed = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(signed);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String event(String eventId, String type, String providerPaymentId, String status, long amount) {
        return JSON.writeValueAsString(Map.of(
                "id",
                eventId,
                "type",
                type,
                "created",
                Instant.now().getEpochSecond(),
                "data",
                Map.of(
                        "object",
                        Map.of("id", providerPaymentId, "status", status, "amount", amount, "currency", "EUR"))));
    }

    // ------------------------------------------------------------------ database

    protected long count(String sql) {
        return db.sql(sql).map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10));
    }

    protected String text(String sql) {
        return db.sql(sql).map(row -> row.get("v", String.class)).one().block(Duration.ofSeconds(10));
    }

    protected void awaitCount(String sql) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(sql) > 0);
    }

    protected long outboxEvents(UUID orderId, String type) {
        return count("SELECT count(*) AS n FROM outbox WHERE aggregate_id = '" + orderId + "' AND event_type = '" + type
                + "'");
    }
}
