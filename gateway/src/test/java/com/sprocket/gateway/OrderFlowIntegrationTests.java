package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.identity.token.AccessTokens;
import com.sprocket.platform.test.Parallel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The checkout saga end to end through the gateway, on every real service: cart, checkout, catalog's
 * reservation, payment (its events published as payment-service will), the cart cleared, stock
 * committed, the vendor's shipment, and the buyer watching it live; and the saga under load: many
 * parallel checkouts of scarce stock never oversell, even with catalog-service killed mid-run.
 */
@com.sprocket.platform.test.SprocketIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderFlowIntegrationTests {

    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};
    static Services services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = Services.start();
        services.gatewayProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("sprocket.gateway.rate-limit.replenish-per-second", () -> "100000");
        registry.add("sprocket.gateway.rate-limit.burst", () -> "200000");
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Autowired
    WebTestClient gateway;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private String vendor;
    private String vendorId;

    @BeforeAll
    void aVendorAndAZone() {
        // the provider's webhooks come in through the gateway, as in production: byte for byte, or
        // their signatures would fail
        services.sandbox.deliverWebhooksTo(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/payments/webhooks/tj"));
        JsonNode seller = register("vendor");
        vendorId = seller.get("profile").get("id").asString();
        services.verifyVendor(gateway, vendorId);
        vendor = seller.get("accessToken").asString();
        call("POST", "/api/orders/shipping-zones", services.rootToken(gateway), zone())
                .expectStatus()
                .isCreated();
    }

    @Test
    void a_customer_buys_pays_and_watches_the_vendor_ship_it_live() {
        String part = part(5);
        String customer = register("customer").get("accessToken").asString();
        int version = json(call("POST", "/api/carts/current/items", customer, Map.of("partId", part, "quantity", 2)))
                .get("version")
                .asInt();
        List<ServerSentEvent<String>> live = new CopyOnWriteArrayList<>();
        Disposable stream = gateway.get()
                .uri("/api/realtime/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + customer)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .subscribe(live::add);
        try {
            JsonNode placed = json(checkout(customer, version, "e2e-" + UUID.randomUUID()));
            String order = placed.get("id").asString();
            assertThat(placed.get("totals").get("itemsMinor").asLong()).isEqualTo(2 * 2500);
            awaitStatus(customer, order, "awaiting_payment");
            assertThat(partView(part).get("reserved").asInt()).isEqualTo(2);

            services.pay(gateway, customer, null, order, com.sprocket.tjsandbox.TestCards.SUCCESS);
            awaitStatus(customer, order, "paid");
            // the browser saw the payment move without asking: payment-service's events reach its stream
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.stream().anyMatch(e -> "payment.paid.v1".equals(e.event())));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> json(call("GET", "/api/carts/current", customer, null))
                            .get("lines")
                            .isEmpty());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> partView(part).get("stock").asInt() == 3);
            assertThat(partView(part).get("reserved").asInt()).isZero();

            JsonNode shipments = json(call("GET", "/api/orders/vendor", vendor, null));
            assertThat(shipments.get("items").get(0).get("orderId").asString()).isEqualTo(order);
            call(
                            "POST",
                            "/api/orders/" + order + "/shipments/" + vendorId + "/ship",
                            vendor,
                            Map.of("carrier", "DHL", "trackingNumber", "00340434161094042557"))
                    .expectStatus()
                    .isOk();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.stream()
                            .anyMatch(e -> "order.shipped.v1".equals(e.event())
                                    && e.data().contains("\"status\":\"shipped\"")));
            assertThat(live)
                    .extracting(ServerSentEvent::event)
                    .contains("order.awaiting-payment.v1", "order.paid.v1", "cart.changed.v1");
            assertThat(json(call("GET", "/api/orders/" + order, customer, null))
                            .get("shipments")
                            .get(0)
                            .get("trackingNumber")
                            .asString())
                    .isEqualTo("00340434161094042557");
        } finally {
            stream.dispose();
        }
    }

    @Test
    void a_thousand_parallel_checkouts_of_a_part_with_stock_100_never_oversell() {
        Outcome outcome = rush(1000, 100, false);

        assertThat(outcome.awaitingPayment()).isEqualTo(100);
        assertThat(outcome.awaitingPayment() + outcome.rejected() + outcome.refusedAtCheckout())
                .isEqualTo(1000);
        assertThat(outcome.reasons()).allMatch(reason -> reason.contains("left") || reason.contains("available"));
        payAndCheckCommitted(outcome);
    }

    @Test
    void a_thousand_parallel_checkouts_never_oversell_with_catalog_killed_and_restarted_mid_run() {
        Outcome outcome = rush(1000, 100, true);

        assertThat(outcome.awaitingPayment()).isEqualTo(100);
        assertThat(outcome.awaitingPayment() + outcome.rejected() + outcome.refusedAtCheckout())
                .isEqualTo(1000);
        payAndCheckCommitted(outcome);
    }

    /** What came of a rush of checkouts: order ids by final status, and checkouts refused outright. */
    record Outcome(
            String part, int stock, List<String> awaiting, int rejected, int refusedAtCheckout, List<String> reasons) {
        int awaitingPayment() {
            return awaiting.size();
        }
    }

    /**
     * {@code buyers} customers (tokens minted by identity's own signer: registering a thousand users
     * would only measure BCrypt) each put one unit of a part with {@code stock} in their cart, then all
     * check out at once; optionally catalog-service is killed once the rush starts and started again
     * on the same database. Waits until every placed order has catalog's answer.
     */
    private Outcome rush(int buyers, int stock, boolean killCatalog) {
        String part = part(stock);
        Services.awaitRow(services.order, "SELECT count(*) AS n FROM part_offers WHERE part_id = '" + part + "'");
        AccessTokens minter = services.identity.getBean(AccessTokens.class);
        WebClient client = WebClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1 << 20))
                .build();
        List<String[]> carts = Flux.range(0, buyers)
                .flatMap(
                        i -> minter.mint(UUID.randomUUID(), "customer", "buyer" + i + "@example.com")
                                .flatMap(token -> client.post()
                                        .uri("/api/carts/current/items")
                                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                                        // an operation id makes a retried add a no-op
                                        .bodyValue(Map.of(
                                                "partId",
                                                part,
                                                "quantity",
                                                1,
                                                "operationId",
                                                "prep-" + UUID.randomUUID()))
                                        .retrieve()
                                        .bodyToMono(JsonNode.class)
                                        // preparing the carts is not what is measured: a cold service's slow
                                        // first answers (a gateway timeout) are retried
                                        .retryWhen(reactor.util.retry.Retry.backoff(5, Duration.ofMillis(500))
                                                .filter(error -> error
                                                        instanceof
                                                        org.springframework.web.reactive.function.client
                                                                .WebClientResponseException.GatewayTimeout))
                                        .map(cart -> new String[] {
                                            token, cart.get("version").asString()
                                        })),
                        32)
                .collectList()
                .block(Duration.ofMinutes(3));
        // a buyer checks out a moment after adding, not within the same millisecond: let order-service's
        // cart read model catch up first (checkout would otherwise wait for it, up to its cart-sync-wait)
        DatabaseClient orderDb = services.order.getBean(DatabaseClient.class);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> orderDb.sql("SELECT count(*) AS n FROM cart_snapshots WHERE lines::text LIKE :part")
                                .bind("part", "%" + part + "%")
                                .map(row -> row.get("n", Long.class))
                                .one()
                                .block()
                        >= buyers);
        var catalogListeners =
                services.catalog.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class);
        Process[] external = new Process[1];
        Thread killer = null;
        if (killCatalog) {
            // the saga's catalog side runs in its own process, so it can be killed for real
            catalogListeners.stop();
            try {
                external[0] = services.startCatalogProcess();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            killer = Thread.ofPlatform().start(() -> {
                try {
                    // kill it while it is reserving: some reservations in, most orders not yet answered
                    DatabaseClient catalogDb = services.catalog.getBean(DatabaseClient.class);
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> catalogDb
                                            .sql("SELECT count(*) AS n FROM stock_reservations WHERE part_id = :part")
                                            .bind("part", UUID.fromString(part))
                                            .map(row -> row.get("n", Long.class))
                                            .one()
                                            .block()
                                    >= 5);
                    external[0].destroyForcibly().waitFor();
                    Thread.sleep(2000); // the outage itself: catalog stays dead this long, on purpose
                    external[0] = services.startCatalogProcess();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<String> placed = new CopyOnWriteArrayList<>();
        List<Integer> retries = new CopyOnWriteArrayList<>();
        Parallel.run(carts.size(), i -> {
            String[] cart = carts.get(i);
            var response = checkoutPatiently(client, cart[0], Integer.parseInt(cart[1]), retries);
            statuses.add(response.getKey());
            if (response.getKey() == 201 || response.getKey() == 200) {
                placed.add(response.getValue().get("id").asString());
            }
            return response.getKey();
        });
        System.out.printf(
                "rush of %d checkouts: %d answers were 429/503/504 or a dropped connection (%s), retried with the same key; final %s%n",
                buyers,
                retries.size(),
                retries.stream()
                        .collect(
                                java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting())),
                statuses.stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                s -> s, java.util.stream.Collectors.counting())));
        if (killer != null) {
            try {
                killer.join(Duration.ofMinutes(3));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return outcome(part, stock, buyers, statuses, placed);
        } finally {
            if (external[0] != null) {
                external[0].destroyForcibly();
                catalogListeners.start();
            }
        }
    }

    private Outcome outcome(String part, int stock, int buyers, List<Integer> statuses, List<String> placed) {
        assertThat(statuses)
                .as("every checkout ends in an order or a 409 with a reason")
                .allMatch(s -> s == 201 || s == 200 || s == 409);
        assertThat(placed).as("one order per buyer, however often they retried").doesNotHaveDuplicates();
        DatabaseClient orders = services.order.getBean(DatabaseClient.class);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> orders.sql("SELECT count(*) AS n FROM orders WHERE status = 'placed' AND id = ANY(:ids)")
                                .bind(
                                        "ids",
                                        placed.stream().map(UUID::fromString).toArray(UUID[]::new))
                                .map(row -> row.get("n", Long.class))
                                .one()
                                .block()
                        == 0);
        List<String> awaiting = orders.sql(
                        "SELECT id::text AS id FROM orders WHERE status = 'awaiting_payment' AND id = ANY(:ids)")
                .bind("ids", placed.stream().map(UUID::fromString).toArray(UUID[]::new))
                .map(row -> row.get("id", String.class))
                .all()
                .collectList()
                .block();
        List<String> reasons = orders.sql("SELECT reason FROM orders WHERE status = 'rejected' AND id = ANY(:ids)")
                .bind("ids", placed.stream().map(UUID::fromString).toArray(UUID[]::new))
                .map(row -> row.get("reason", String.class))
                .all()
                .collectList()
                .block();
        int refused = (int) statuses.stream().filter(s -> s == 409).count();
        return new Outcome(part, stock, awaiting, reasons.size(), refused, reasons);
    }

    /**
     * A checkout as a well-behaved client makes it: when the system is saturated (429, 503 with
     * Retry-After, a gateway timeout, a dropped connection) it retries with the same Idempotency-Key,
     * so a checkout that did go through is answered with its order instead of being placed twice.
     */
    private static Map.Entry<Integer, JsonNode> checkoutPatiently(
            WebClient client, String token, int cartVersion, List<Integer> retries) {
        String key = "rush-" + UUID.randomUUID();
        for (int attempt = 0; ; attempt++) {
            Map.Entry<Integer, JsonNode> response;
            try {
                response = client.post()
                        .uri("/api/orders")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .header("Idempotency-Key", key)
                        .bodyValue(checkoutBody(cartVersion))
                        .exchangeToMono(r -> r.bodyToMono(JsonNode.class)
                                .defaultIfEmpty(tools.jackson.databind.node.NullNode.getInstance())
                                .map(body -> Map.entry(r.statusCode().value(), body)))
                        .block(Duration.ofMinutes(2));
            } catch (RuntimeException dropped) {
                response = Map.entry(599, tools.jackson.databind.node.NullNode.getInstance());
            }
            int status = response.getKey();
            if ((status != 429 && status != 503 && status != 504 && status != 599) || attempt == 100) {
                return response;
            }
            retries.add(status);
            try {
                // a client's backoff before retrying with the same key (not a wait for a condition)
                Thread.sleep(
                        200 + java.util.concurrent.ThreadLocalRandom.current().nextInt(800));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void a_declined_card_fails_the_payment_cancels_the_order_and_releases_its_stock() {
        String part = part(4);
        String customer = register("customer").get("accessToken").asString();
        int version = json(call("POST", "/api/carts/current/items", customer, Map.of("partId", part, "quantity", 3)))
                .get("version")
                .asInt();
        String order = json(checkout(customer, version, "e2e-" + UUID.randomUUID()))
                .get("id")
                .asString();
        awaitStatus(customer, order, "awaiting_payment");
        assertThat(partView(part).get("reserved").asInt()).isEqualTo(3);

        JsonNode payment = services.pay(gateway, customer, null, order, com.sprocket.tjsandbox.TestCards.DECLINED);

        awaitStatus(customer, order, "cancelled");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> partView(part).get("reserved").asInt() == 0);
        assertThat(partView(part).get("stock").asInt()).isEqualTo(4);
        JsonNode failed = json(call("GET", "/api/payments/" + payment.get("id").asString(), customer, null));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("failureReason").asString()).isEqualTo("card_declined");
        assertThat(json(call("GET", "/api/orders/" + order, customer, null))
                        .get("paymentStatus")
                        .asString())
                .isEqualTo("failed");
    }

    /** Pays every order that awaits payment; then the part's stock is all committed and nothing stays reserved. */
    private void payAndCheckCommitted(Outcome outcome) {
        outcome.awaiting().forEach(order -> services.paymentEvent(order, "paid"));
        DatabaseClient catalog = services.catalog.getBean(DatabaseClient.class);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> catalog.sql("SELECT stock, reserved FROM spare_parts WHERE id = :id")
                        .bind("id", UUID.fromString(outcome.part()))
                        .map(row -> row.get("stock", Integer.class) == 0 && row.get("reserved", Integer.class) == 0)
                        .one()
                        .block());
        Map<String, Object> reservations = catalog.sql("""
                        SELECT count(*) FILTER (WHERE status = 'committed') AS committed,
                               coalesce(sum(quantity) FILTER (WHERE status = 'committed'), 0) AS units,
                               count(*) FILTER (WHERE status = 'reserved') AS open
                        FROM stock_reservations WHERE part_id = :id
                        """)
                .bind("id", UUID.fromString(outcome.part()))
                .fetch()
                .one()
                .block();
        assertThat(((Number) reservations.get("committed")).intValue()).isEqualTo(outcome.stock());
        assertThat(((Number) reservations.get("units")).intValue()).isEqualTo(outcome.stock());
        assertThat(((Number) reservations.get("open")).intValue())
                .as("no reservation leaks")
                .isZero();
    }

    // --- helpers

    private String part(int stock) {
        return json(call(
                        "POST",
                        "/api/catalog/parts",
                        vendor,
                        Map.of(
                                "title", "Brake disc",
                                "brand", "ATE",
                                "condition", "new",
                                "priceMinor", 2500,
                                "currency", "EUR",
                                "stock", stock)))
                .get("id")
                .asString();
    }

    private JsonNode partView(String part) {
        return json(call("GET", "/api/catalog/parts/" + part, null, null));
    }

    private WebTestClient.ResponseSpec checkout(String token, int cartVersion, String key) {
        return gateway.post()
                .uri("/api/orders")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", key)
                .bodyValue(checkoutBody(cartVersion))
                .exchange();
    }

    private static Map<String, Object> checkoutBody(int cartVersion) {
        return Map.of(
                "cartVersion",
                cartVersion,
                "shippingMethod",
                "standard",
                "shippingAddress",
                Map.of(
                        "name", "Ada Buyer",
                        "line1", "Hauptstr. 1",
                        "city", "Berlin",
                        "postalCode", "10115",
                        "country", "DE"));
    }

    private void awaitStatus(String token, String order, String status) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status.equals(json(call("GET", "/api/orders/" + order, token, null))
                        .get("status")
                        .asString()));
    }

    private static Map<String, Object> zone() {
        return Map.of(
                "name",
                "Germany",
                "countries",
                List.of("DE"),
                "currency",
                "EUR",
                "pricesIncludeTax",
                true,
                "defaultTaxBp",
                1900,
                "methods",
                List.of(Map.of("code", "standard", "name", "Standard", "kind", "flat", "baseMinor", 495)));
    }

    private WebTestClient.ResponseSpec call(String method, String path, String token, Object body) {
        var spec = gateway.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return body == null ? spec.exchange() : spec.bodyValue(body).exchange();
    }

    private JsonNode register(String type) {
        return json(gateway.post()
                .uri("/api/identity/register")
                .bodyValue(Map.of(
                        "email",
                        type + "-" + UUID.randomUUID() + "@example.com",
                        "password",
                        "correct horse battery",
                        "displayName",
                        "Flow " + type,
                        "accountType",
                        type))
                .exchange());
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .is2xxSuccessful()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
