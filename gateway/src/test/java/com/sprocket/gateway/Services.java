package com.sprocket.gateway;

import com.sprocket.cart.CartServiceApplication;
import com.sprocket.catalog.CatalogServiceApplication;
import com.sprocket.identity.IdentityServiceApplication;
import com.sprocket.notification.NotificationServiceApplication;
import com.sprocket.order.OrderServiceApplication;
import com.sprocket.payment.PaymentServiceApplication;
import com.sprocket.platform.test.TestKafka;
import com.sprocket.platform.test.TestPostgres;
import com.sprocket.tjsandbox.TjSandbox;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every service (identity, catalog, cart, order, payment, notification), started in this JVM as they run in
 * production (own databases, the run's Kafka, catalog checking tokens against identity's JWKS), with the
 * TJ sandbox as payment-service's provider (a real HTTP server whose webhooks reach payment-service),
 * for tests that go through the gateway. One set per test class; {@link #close()} stops them and drops
 * their databases.
 */
final class Services implements AutoCloseable {

    static final String ROOT_EMAIL = "root@sprocket.test";
    static final String ROOT_PASSWORD = "the first super admin";
    static final String TJ_KEY = "sk_test_gateway";
    static final String TJ_SECRET = "whsec_gateway";

    private final List<ConfigurableApplicationContext> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> databases = new ArrayList<>();
    final ConfigurableApplicationContext identity;
    final ConfigurableApplicationContext catalog;
    private final Map<String, Object[]> launches = new HashMap<>();
    final ConfigurableApplicationContext notification;
    final ConfigurableApplicationContext cart;
    final ConfigurableApplicationContext order;
    final ConfigurableApplicationContext payment;
    final TjSandbox sandbox = TjSandbox.start(
            TjSandbox.Config.of(0, TJ_KEY, null, TJ_SECRET).withSettlement(java.time.Duration.ofSeconds(1)));

    private Services() throws Exception {
        identity = start(
                IdentityServiceApplication.class,
                "identity",
                Map.of(
                        "sprocket.identity.bootstrap-super-admin-email", ROOT_EMAIL,
                        "sprocket.identity.bootstrap-super-admin-password", ROOT_PASSWORD));
        catalog = start(
                CatalogServiceApplication.class,
                "catalog",
                Map.of(
                        "sprocket.security.jwt.jwk-set-uri",
                        url(identity) + "/.well-known/jwks.json",
                        "sprocket.catalog.media.directory",
                        Files.createTempDirectory("sprocket-media").toString()));
        cart = start(
                CartServiceApplication.class,
                "cart",
                Map.of("sprocket.security.jwt.jwk-set-uri", url(identity) + "/.well-known/jwks.json"));
        order = start(
                OrderServiceApplication.class,
                "order",
                Map.of("sprocket.security.jwt.jwk-set-uri", url(identity) + "/.well-known/jwks.json"));
        payment = start(
                PaymentServiceApplication.class,
                "payment",
                Map.of(
                        "sprocket.security.jwt.jwk-set-uri",
                        url(identity) + "/.well-known/jwks.json",
                        "sprocket.payment.tj.base-url",
                        sandbox.baseUrl().toString(),
                        "sprocket.payment.tj.api-key",
                        TJ_KEY,
                        "sprocket.payment.tj.webhook-secrets",
                        TJ_SECRET));
        sandbox.deliverWebhooksTo(java.net.URI.create(url(payment) + "/api/payments/webhooks/tj"));
        notification = start(
                NotificationServiceApplication.class,
                "notification",
                Map.of(
                        "sprocket.security.jwt.jwk-set-uri",
                        url(identity) + "/.well-known/jwks.json",
                        "sprocket.notification.messages-per-minute",
                        "10000"));
    }

    /**
     * Starts the services on a thread of their own: booting two applications from inside the test
     * context's own start-up (a DynamicPropertySource) nests deep enough to overflow the main thread's
     * default stack once BlockHound's instrumentation is in it.
     */
    static Services start() throws Exception {
        try {
            return startOnce();
        } catch (java.util.concurrent.TimeoutException stuck) {
            // seen once in CI: a service's start-up never finished (the starter thread waited on a bean
            // factory's singleton lock while an event-loop thread asked that factory for a bean). The
            // starter's stack is logged for diagnosis; a second set of services is started instead.
            org.slf4j.LoggerFactory.getLogger(Services.class)
                    .error("services did not start in time; starter thread: {}", STARTER_STACK.get());
            return startOnce();
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<String> STARTER_STACK =
            new java.util.concurrent.atomic.AtomicReference<>("");

    private static Services startOnce() throws Exception {
        var result = new java.util.concurrent.CompletableFuture<Services>();
        Thread starter = new Thread(
                null,
                () -> {
                    try {
                        result.complete(new Services());
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                },
                "services-starter",
                16L * 1024 * 1024);
        starter.setDaemon(true);
        starter.start();
        try {
            // seven services and the provider sandbox in one JVM: minutes on a busy 2-core machine
            return result.get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException stuck) {
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement frame : starter.getStackTrace()) {
                stack.append("\n\tat ").append(frame);
            }
            STARTER_STACK.set(stack.toString());
            throw stuck;
        }
    }

    static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Properties that point a gateway at these services. */
    Map<String, String> gatewayProperties() {
        return Map.of(
                "sprocket.gateway.services.identity",
                url(identity),
                "sprocket.gateway.services.catalog",
                url(catalog),
                "sprocket.gateway.services.notification",
                url(notification),
                "sprocket.gateway.services.cart",
                url(cart),
                "sprocket.gateway.services.order",
                url(order),
                "sprocket.gateway.services.payment",
                url(payment),
                "sprocket.security.jwt.jwk-set-uri",
                url(identity) + "/.well-known/jwks.json");
    }

    /**
     * catalog-service as its own OS process (same database, same Kafka, same consumer groups), so a
     * test can kill it as a node failure would: {@link Process#destroyForcibly()} is SIGKILL, with
     * transactions and Kafka offsets left wherever they were. Short consumer sessions let the group
     * move its partitions on quickly. Logs go to {@code target/catalog-process-*.log}.
     */
    Process startCatalogProcess() throws Exception {
        Object[] launch = launches.get("catalog");
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = properties((String) launch[2], (Map<String, String>) launch[1]);
        properties.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
        properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
        return com.sprocket.platform.test.ServiceProcess.start(CatalogServiceApplication.class, "catalog", properties);
    }

    private ConfigurableApplicationContext start(Class<?> application, String name, Map<String, String> extra) {
        String database = TestPostgres.get().createDatabase("gw_" + name);
        databases.add(database);
        launches.put(name, new Object[] {application, extra, database});
        return launch(application, database, extra);
    }

    private ConfigurableApplicationContext launch(Class<?> application, String database, Map<String, String> extra) {
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(application).run(arguments(properties(database, extra)));
        contexts.add(context);
        return context;
    }

    /** How a service is configured to run here: its database, the run's Kafka, and the extras given. */
    private static Map<String, Object> properties(String database, Map<String, String> extra) {
        TestPostgres postgres = TestPostgres.get();
        Map<String, Object> properties = new HashMap<>(extra);

        properties.put("server.port", "0");
        properties.put("spring.r2dbc.url", postgres.r2dbcUrl(database));
        properties.put("spring.r2dbc.username", postgres.user());
        properties.put("spring.r2dbc.password", postgres.password());
        properties.put("spring.liquibase.url", postgres.jdbcUrl(database));
        properties.put("spring.liquibase.user", postgres.user());
        properties.put("spring.liquibase.password", postgres.password());
        properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        // as the local suite runs them: a topic whose producer is not running (payment.payments, until
        // payment-service exists) is created by its consumers
        properties.put("sprocket.kafka.create-consumed-topics", "true");
        properties.put("spring.cloud.gateway.server.webflux.enabled", "false");
        properties.put("spring.cloud.discovery.enabled", "false");
        properties.put("spring.cloud.circuitbreaker.resilience4j.enabled", "false");
        properties.put(
                "spring.autoconfigure.exclude",
                String.join(
                        ",",
                        "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration",
                        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                        "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
                        "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration"));
        return properties;
    }

    /** As arguments: they must win over the service's own yaml, as the environment does in production. */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
    }

    /**
     * Verifies a registered vendor as an admin does (through the gateway, as the root super admin),
     * then waits until catalog (which gates selling) and notification (which checks who may be
     * messaged) have the news from {@code identity.users}.
     */
    void verifyVendor(org.springframework.test.web.reactive.server.WebTestClient gateway, String vendorId) {
        gateway.post()
                .uri("/api/identity/users/{id}/verify-vendor", vendorId)
                .header(org.springframework.http.HttpHeaders.AUTHORIZATION, "Bearer " + rootToken(gateway))
                .exchange()
                .expectStatus()
                .isOk();
        awaitRow(catalog, "SELECT count(*) AS n FROM vendors WHERE id = '" + vendorId + "' AND verified AND active");
        awaitRow(
                notification,
                "SELECT count(*) AS n FROM known_users WHERE id = '" + vendorId + "' AND role = 'vendor'");
    }

    /**
     * Pays an order as its buyer does: starts the payment through the gateway (bearer token, or a guest's
     * order token), then confirms it at the TJ sandbox with {@code card}, as the PWA's card form does.
     * The payment as the start answered it.
     */
    tools.jackson.databind.JsonNode pay(
            org.springframework.test.web.reactive.server.WebTestClient gateway,
            String bearer,
            String orderToken,
            String orderId,
            String card) {
        var request =
                gateway.post().uri("/api/payments").header("Idempotency-Key", "pay-" + java.util.UUID.randomUUID());
        if (bearer != null) {
            request = request.header(org.springframework.http.HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        if (orderToken != null) {
            request = request.header("X-Order-Token", orderToken);
        }
        tools.jackson.databind.JsonNode payment = request.bodyValue(Map.of("orderId", orderId))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(tools.jackson.databind.JsonNode.class)
                .returnResult()
                .getResponseBody();
        confirm(payment, card, false);
        return payment;
    }

    /** The browser's confirmation at the provider (the card goes there, never to us). */
    static void confirm(tools.jackson.databind.JsonNode payment, String card, boolean save) {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        String body = json.writeValueAsString(Map.of(
                "clientSecret",
                payment.get("clientSecret").asString(),
                "card",
                Map.of("number", card, "expMonth", 12, "expYear", 2099, "cvc", "123"),
                "save",
                save));
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var answer = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    payment.get("confirmUrl").asString()))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("confirm failed: " + answer.statusCode() + " " + answer.body());
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes what payment-service publishes, {@code payment.<status>.v1} for an order on
     * {@code payment.payments}, without a payment behind it: for tests about stock at volume, where
     * paying hundreds of orders through the provider would only slow them down.
     */
    void paymentEvent(String orderId, String status) {
        var codec = order.getBean(com.sprocket.platform.events.EventCodec.class);
        @SuppressWarnings("unchecked")
        var kafka = (org.springframework.kafka.core.KafkaTemplate<String, String>)
                order.getBean(org.springframework.kafka.core.KafkaTemplate.class);
        var envelope = new com.sprocket.platform.events.EventEnvelope(
                null,
                java.util.UUID.randomUUID().toString(),
                "payment." + status + ".v1",
                "sprocket/payment-service",
                orderId,
                java.time.Instant.now(),
                null,
                codec.toTree(Map.of("orderId", orderId, "paymentId", "pay_" + orderId)));
        kafka.send("payment.payments", orderId, codec.write(envelope)).join();
    }

    /** Waits until notification knows a part (conversations are about parts it knows). */
    void awaitPartKnown(String partId) {
        awaitRow(notification, "SELECT count(*) AS n FROM known_parts WHERE id = '" + partId + "' AND live");
    }

    /** A fresh access token of the root super admin. */
    String rootToken(org.springframework.test.web.reactive.server.WebTestClient gateway) {
        return gateway.post()
                .uri("/api/identity/login")
                .bodyValue(Map.of("email", ROOT_EMAIL, "password", ROOT_PASSWORD))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(tools.jackson.databind.JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken")
                .asString();
    }

    static void awaitRow(ConfigurableApplicationContext service, String countSql) {
        var db = service.getBean(org.springframework.r2dbc.core.DatabaseClient.class);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> db.sql(countSql)
                                .map(row -> row.get("n", Long.class))
                                .one()
                                .block()
                        > 0);
    }

    @Override
    public void close() {
        contexts.reversed().forEach(ConfigurableApplicationContext::close);
        sandbox.close();
        databases.forEach(TestPostgres.get()::dropDatabase);
    }
}
