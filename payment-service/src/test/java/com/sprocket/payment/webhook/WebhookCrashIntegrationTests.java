package com.sprocket.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.payment.PaymentServiceApplication;
import com.sprocket.platform.test.ServiceProcess;
import com.sprocket.platform.test.TestKafka;
import com.sprocket.platform.test.TestPostgres;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.tjsandbox.TestCards;
import com.sprocket.tjsandbox.TjSandbox;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * payment-service as OS processes: one stores the provider's webhooks (acknowledged, so the provider
 * stops sending) and is SIGKILLed before processing them; the next one processes each exactly once.
 */
class WebhookCrashIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "sk_test_crash";
    private static final String SECRET = "whsec_crash";

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestPostgres postgres = TestPostgres.get();
    private final String database = postgres.createDatabase("payment_crash");
    private final TjSandbox sandbox = TjSandbox.start(TjSandbox.Config.of(0, KEY, null, SECRET));
    private Process first;
    private Process second;

    @AfterEach
    void stop() {
        for (Process process : new Process[] {first, second}) {
            if (process != null) {
                process.destroy(); // SIGTERM: leaves its consumer groups at once, for the next test class
                try {
                    process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process.destroyForcibly();
            }
        }
        sandbox.close();
        postgres.dropDatabase(database);
    }

    @Test
    void webhooks_stored_by_a_process_killed_before_processing_them_are_processed_once_after_restart()
            throws Exception {
        int port = freePort();
        first = ServiceProcess.start(PaymentServiceApplication.class, "payment", properties(port, false));
        sandbox.deliverWebhooksTo(URI.create("http://127.0.0.1:" + port + "/api/payments/webhooks/tj"));
        UUID order = UUID.randomUUID();
        JsonNode created =
                call("POST", "/v1/payments", Map.of("amount", 2599, "currency", "EUR", "reference", order.toString()));
        String pid = created.get("id").asString();
        UUID payment = UUID.randomUUID();
        sql("INSERT INTO payments (id, order_id, amount_minor, currency, status, provider_payment_id, client_secret,"
                + " buyer_key, idempotency_key, request_hash) VALUES ('" + payment + "', '" + order
                + "', 2599, 'EUR', 'pending', '" + pid + "', 'secret', 'user:x', 'key-crash-1', 'hash')");

        call(
                "POST",
                "/v1/payments/" + pid + "/confirm",
                Map.of(
                        "clientSecret", created.get("clientSecret").asString(),
                        "card", Map.of("number", TestCards.SUCCESS, "expMonth", 12, "expYear", 2099, "cvc", "123")));
        // processing, authorised, paid, settled: stored and acknowledged, none processed
        await().atMost(Duration.ofSeconds(30))
                .until(() -> number("SELECT count(*) FROM webhook_events WHERE provider_payment_id = '" + pid
                                + "' AND processed_at IS NULL")
                        == 4);
        assertThat(sandbox.webhookCounts().get("delivered")).isEqualTo(4);
        assertThat(text("SELECT status FROM payments WHERE id = '" + payment + "'"))
                .isEqualTo("pending");

        first.destroyForcibly().waitFor();
        second = ServiceProcess.start(PaymentServiceApplication.class, "payment", properties(port, true));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> number("SELECT count(*) FROM webhook_events WHERE provider_payment_id = '" + pid
                                + "' AND processed_at IS NOT NULL")
                        == 4);
        assertThat(text("SELECT status FROM payments WHERE id = '" + payment + "'"))
                .isEqualTo("settled");
        assertThat(number("SELECT count(*) FROM outbox WHERE aggregate_id = '" + order + "'"))
                .isEqualTo(number("SELECT count(*) FROM webhook_events WHERE provider_payment_id = '" + pid
                        + "' AND outcome = 'changed'"));
        assertThat(number("SELECT count(*) FROM outbox WHERE aggregate_id = '" + order
                        + "' AND event_type = 'payment.settled.v1'"))
                .isEqualTo(1);
        assertThat(sandbox.webhookCounts().get("delivered")).isEqualTo(4);
    }

    private Map<String, Object> properties(int port, boolean processing) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", port);
        properties.put("management.server.port", 0);
        properties.put("spring.r2dbc.url", postgres.r2dbcUrl(database));
        properties.put("spring.r2dbc.username", postgres.user());
        properties.put("spring.r2dbc.password", postgres.password());
        properties.put("spring.liquibase.url", postgres.jdbcUrl(database));
        properties.put("spring.liquibase.user", postgres.user());
        properties.put("spring.liquibase.password", postgres.password());
        properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        properties.put("sprocket.kafka.create-consumed-topics", "true");
        // the killed process stays in its consumer groups until its session times out: keep that short
        properties.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
        properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
        properties.put("sprocket.security.jwt.public-key-location", TestTokens.publicKeyLocation());
        properties.put("sprocket.payment.tj.base-url", sandbox.baseUrl());
        properties.put("sprocket.payment.tj.api-key", KEY);
        properties.put("sprocket.payment.tj.webhook-secrets", SECRET);
        properties.put("sprocket.payment.webhook-processing", processing);
        properties.put("sprocket.payment.stuck-after", "10m"); // not reconciliation: the stored webhooks do it
        return properties;
    }

    private JsonNode call(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(sandbox.baseUrl().resolve(path))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private void sql(String statement) throws Exception {
        try (Connection connection = postgres.connect(database)) {
            connection.createStatement().execute(statement);
        }
    }

    private long number(String query) throws Exception {
        try (Connection connection = postgres.connect(database);
                ResultSet rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String text(String query) throws Exception {
        try (Connection connection = postgres.connect(database);
                ResultSet rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
