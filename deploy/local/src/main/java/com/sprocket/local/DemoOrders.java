package com.sprocket.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo shipping zones and tax rates (admin API), and orders of customer@sprocket.local in different
 * states, all through the gateway: one awaiting payment, one cancelled, one paid and one paid and
 * shipped by its vendor. Payments are real: started at payment-service through the gateway and confirmed
 * at the TJ sandbox with its success card, as the PWA's card form does; the sandbox's webhooks do the rest.
 *
 * <p>A command-line tool of the local suite (no server, no event loop): it blocks and sleeps on its own
 * main thread on purpose, to pace requests and to wait for the services' asynchronous effects.
 */
final class DemoOrders {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Object> ADDRESS = Map.of(
            "name", "Casey Customer",
            "line1", "Friedrichstr. 68",
            "city", "Berlin",
            "postalCode", "10117",
            "country", "DE");

    private DemoOrders() {}

    /** The sandbox's card that always succeeds (see the tj-sandbox module's TestCards). */
    static final String SUCCESS_CARD = "4242424242424242";

    /** How long a part just uploaded may stay unknown to carts (see {@link #order}). */
    private static final Duration CARTS_CATCH_UP = Duration.ofSeconds(60);

    static void seed(String gateway, Map<String, String> tokens) throws Exception {
        String admin = tokens.get("admin");
        if (get(gateway + "/api/orders/shipping-zones?limit=1", null)
                .get("items")
                .isEmpty()) {
            for (Map<String, Object> zone : zones()) {
                send(DemoData.post(gateway + "/api/orders/shipping-zones", admin, zone), 201);
            }
        }
        String customer = tokens.get("customer");
        JsonNode parts = get(gateway + "/api/catalog/parts?inStock=true&currency=EUR&limit=8&sort=price_asc", null)
                .get("items");
        if (!get(gateway + "/api/orders?limit=1", customer).get("items").isEmpty()) {
            // an unpaid order expires with its stock reservation (15 minutes): the README's "pay the
            // order awaiting payment" needs one, so each start places a new one when none is left
            if (get(gateway + "/api/orders?status=awaiting_payment&limit=1", customer)
                    .get("items")
                    .isEmpty()) {
                System.out.printf(
                        "demo orders already present; %s placed to await payment (none was left: paid or expired)%n",
                        orderFirstSellable(
                                gateway,
                                customer,
                                get(gateway + "/api/catalog/parts?inStock=true&currency=EUR&limit=50", null)
                                        .get("items")));
            } else {
                System.out.println("demo orders already present: skipping them");
            }
            return;
        }
        String vendor1Token = tokens.get("vendor1");
        {
            String awaiting = order(gateway, customer, parts.get(0), 1);
            String cancelled = order(gateway, customer, parts.get(1), 2);
            send(DemoData.post(gateway + "/api/orders/" + cancelled + "/cancel", customer, Map.of()), 200);
            String paid = order(gateway, customer, parts.get(2), 1);
            pay(gateway, customer, paid);
            JsonNode shippable = parts.get(3);
            String shipped = order(gateway, customer, shippable, 1);
            pay(gateway, customer, shipped);
            awaitStatus(gateway, customer, shipped, "paid");
            String vendor = shippable.get("vendorId").asString();
            String token = tokens.values().stream()
                    .filter(t -> subject(t).equals(vendor))
                    .findFirst()
                    .orElse(vendor1Token);
            send(
                    DemoData.post(
                            gateway + "/api/orders/" + shipped + "/shipments/" + vendor + "/ship",
                            token,
                            Map.of("carrier", "DHL", "trackingNumber", "00340434161094042557")),
                    200);
            System.out.printf(
                    "demo orders of customer@sprocket.local: %s awaiting payment, %s cancelled, %s paid, %s shipped%n",
                    awaiting, cancelled, paid, shipped);
        }
    }

    /**
     * Orders one of the first candidate carts can sell. After {@code ./sprocket bench suite} most parts
     * are the benchmark's bulk rows, which only catalog knows (they were inserted without events), so
     * carts answer 404 for them.
     */
    private static String orderFirstSellable(String gateway, String customer, JsonNode candidates) throws Exception {
        for (JsonNode part : candidates) {
            try {
                return order(gateway, customer, part, 1, Duration.ZERO);
            } catch (IllegalStateException unknownToCarts) {
                if (!unknownToCarts.getMessage().contains("/api/carts/current/items answered 404")) {
                    throw unknownToCarts;
                }
            }
        }
        throw new IllegalStateException("none of the first parts in stock is known to carts");
    }

    /** Puts {@code quantity} of a part in the customer's cart and checks it out; waits for the reservation. */
    static String order(String gateway, String customer, JsonNode part, int quantity) throws Exception {
        return order(gateway, customer, part, quantity, CARTS_CATCH_UP);
    }

    /**
     * Carts learn of a part from its event on {@code catalog.parts}: right after the demo catalogue is
     * uploaded on a new machine, cart-service may still be consuming those events (its JVM is cold), so
     * a 404 for the part is waited out for up to {@code catchUp} (the first {@code up} on a fresh
     * machine failed here).
     */
    private static String order(String gateway, String customer, JsonNode part, int quantity, Duration catchUp)
            throws Exception {
        send(delete(gateway + "/api/carts/current/items", customer), 200);
        long deadline = System.nanoTime() + catchUp.toNanos();
        JsonNode cart;
        while (true) {
            var response = HTTP.send(
                    DemoData.post(
                            gateway + "/api/carts/current/items",
                            customer,
                            Map.of("partId", part.get("id").asString(), "quantity", quantity)),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                cart = JSON.readTree(response.body());
                break;
            }
            if (response.statusCode() != 404 || System.nanoTime() > deadline) {
                throw new IllegalStateException("POST " + gateway + "/api/carts/current/items answered "
                        + response.statusCode() + ": " + response.body());
            }
            Thread.sleep(250); // carts have not consumed the part's event yet (the tool's main thread, no event loop)
        }
        Map<String, Object> checkout = new LinkedHashMap<>();
        checkout.put("cartVersion", cart.get("version").asInt());
        checkout.put("shippingAddress", ADDRESS);
        checkout.put("shippingMethod", "standard");
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + customer)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "demo-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(checkout)))
                .build();
        String id = send(request, 201).get("id").asString();
        awaitStatus(gateway, customer, id, "awaiting_payment");
        return id;
    }

    /** Starts the payment through the gateway and confirms it at the TJ sandbox, as the PWA does. */
    private static void pay(String gateway, String customer, String order) throws Exception {
        HttpRequest start = HttpRequest.newBuilder(URI.create(gateway + "/api/payments"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + customer)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "demo-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("orderId", order))))
                .build();
        JsonNode payment = send(start, 201);
        Map<String, Object> confirm = Map.of(
                "clientSecret",
                payment.get("clientSecret").asString(),
                "card",
                Map.of("number", SUCCESS_CARD, "expMonth", 12, "expYear", 2099, "cvc", "123"));
        send(
                HttpRequest.newBuilder(URI.create(payment.get("confirmUrl").asString()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(confirm)))
                        .build(),
                200);
    }

    private static void awaitStatus(String gateway, String token, String order, String status) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (status.equals(
                    get(gateway + "/api/orders/" + order, token).get("status").asString())) {
                return;
            }
            Thread.sleep(100); // polls from the command-line tool's main thread: no event loop here
        }
        throw new IllegalStateException("order " + order + " did not become " + status);
    }

    private static List<Map<String, Object>> zones() {
        return List.of(
                zone("Germany", List.of("DE"), "EUR", true, 1900, 495, 5000L),
                zone(
                        "European Union",
                        List.of("AT", "BE", "FR", "IT", "NL", "ES", "PL", "DK", "SE"),
                        "EUR",
                        true,
                        2100,
                        995,
                        10000L),
                zone("United States", List.of("US"), "USD", false, 725, 1295, null));
    }

    private static Map<String, Object> zone(
            String name, List<String> countries, String currency, boolean included, int bp, long base, Long freeAbove) {
        Map<String, Object> standard = new LinkedHashMap<>();
        standard.put("code", "standard");
        standard.put("name", "Standard (3-5 days)");
        standard.put("kind", "flat");
        standard.put("baseMinor", base);
        if (freeAbove != null) {
            standard.put("freeAboveMinor", freeAbove);
        }
        Map<String, Object> express = Map.of(
                "code",
                "express",
                "name",
                "Express (next day)",
                "kind",
                "per_item",
                "baseMinor",
                base * 2,
                "rateMinor",
                200);
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("name", name);
        zone.put("countries", countries);
        zone.put("currency", currency);
        zone.put("pricesIncludeTax", included);
        zone.put("defaultTaxBp", bp);
        zone.put("methods", List.of(standard, express));
        return zone;
    }

    static String subject(String jwt) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        return JSON.readTree(payload).get("sub").asString();
    }

    static JsonNode get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), 200);
    }

    private static HttpRequest delete(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build();
    }

    static JsonNode send(HttpRequest request, int expected) throws Exception {
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
