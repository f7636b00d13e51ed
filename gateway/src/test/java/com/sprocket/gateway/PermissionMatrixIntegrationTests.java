package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Every cell of docs/permissions/matrix.yaml that is implemented, through the gateway, with real
 * tokens from identity-service for each role: allowed cells must succeed (2xx), denied cells must be
 * 401/403, and "own" cells succeed for the owner and are 403 for another user of the same role.
 * Besides the roles, two standings: an applicant vendor (signed up, not verified) and a deactivated
 * user (calling with a token issued before the deactivation). Each cell gets fresh fixtures, so no
 * cell depends on another.
 */
@SprocketIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixIntegrationTests {

    static final Path MATRIX = Path.of("..", "docs", "permissions", "matrix.yaml");
    static final List<String> ROLES =
            List.of("guest", "customer", "vendor", "admin", "super_admin", "applicant", "deactivated");
    static Services services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = Services.start();
        services.gatewayProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("sprocket.gateway.rate-limit.replenish-per-second", () -> "5000");
        registry.add("sprocket.gateway.rate-limit.burst", () -> "10000");
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    @Autowired
    WebTestClient gateway;

    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> others = new LinkedHashMap<>();
    private String vendorId;

    @BeforeAll
    void users() {
        String root = login(Services.ROOT_EMAIL, Services.ROOT_PASSWORD)
                .get("accessToken")
                .asString();
        tokens.put("super_admin", root);
        tokens.put("customer", token(register("customer")));
        JsonNode vendor = register("vendor");
        services.verifyVendor(gateway, id(vendor));
        tokens.put("vendor", token(vendor));
        vendorId = id(vendor);
        others.put("customer", token(register("customer")));
        JsonNode otherVendor = register("vendor");
        services.verifyVendor(gateway, id(otherVendor));
        others.put("vendor", token(otherVendor));
        tokens.put("applicant", token(register("vendor")));
        others.put("applicant", token(register("vendor")));
        JsonNode gone = register("customer");
        call(HttpMethod.POST, "/api/identity/users/" + id(gone) + "/deactivate", root, null)
                .expectStatus()
                .isOk();
        tokens.put("deactivated", token(gone));
        call(HttpMethod.POST, "/api/orders/shipping-zones", root, zoneBody("Germany"))
                .expectStatus()
                .isCreated();
        // every service refuses the old token once it has read user.deactivated.v1
        for (String path :
                List.of("/api/identity/me", "/api/catalog/parts", "/api/carts/current", "/api/notifications")) {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> call(HttpMethod.GET, path, token(gone), null)
                                    .expectBody()
                                    .returnResult()
                                    .getStatus()
                                    .value()
                            == 401);
        }
        JsonNode future = register("customer");
        call(HttpMethod.PUT, "/api/identity/users/" + id(future) + "/role", root, Map.of("role", "admin"))
                .expectStatus()
                .isOk();
        tokens.put(
                "admin",
                login(future.get("profile").get("email").asString(), PASSWORD)
                        .get("accessToken")
                        .asString());
    }

    static Stream<Cell> cells() throws IOException {
        Map<String, Object> matrix = new Yaml().load(Files.readString(MATRIX));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) matrix.get("resources");
        List<Cell> cells = new ArrayList<>();
        resources.forEach((resource, spec) -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.getOrDefault("endpoints", List.of());
            for (Map<String, Object> endpoint : endpoints) {
                for (String role : ROLES) {
                    cells.add(new Cell(
                            resource,
                            (String) endpoint.get("method"),
                            (String) endpoint.get("path"),
                            role,
                            expectation(endpoint, role)));
                }
            }
        });
        assertThat(cells).hasSizeGreaterThan(100);
        return cells.stream();
    }

    /** A cell's expectation; the standings default as the matrix's header says. */
    private static String expectation(Map<String, Object> endpoint, String role) {
        Object value = endpoint.get(role);
        if (value != null) {
            return String.valueOf(value);
        }
        return switch (role) {
            case "applicant" -> String.valueOf(endpoint.get("vendor"));
            case "deactivated" -> "401";
            default -> throw new IllegalStateException("no " + role + " cell for " + endpoint);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void every_implemented_cell_holds(Cell cell) {
        Fixtures fixtures = new Fixtures();
        String token = cell.role().equals("guest") ? null : tokens.get(cell.role());
        String path =
                fixtures.resolve(cell.path()).replace("{userChannel}", "user:" + subjectOf(tokens.get(cell.role())));
        int status = status(cell, path, token, fixtures);
        switch (cell.expected()) {
            case "allow", "own" ->
                assertThat(status).as(cell + " as its owner or an allowed role").isBetween(200, 299);
            case "401" -> assertThat(status).as(cell.toString()).isEqualTo(401);
            case "403" -> assertThat(status).as(cell.toString()).isEqualTo(403);
            default -> throw new IllegalStateException("unknown expectation " + cell.expected() + " in " + MATRIX);
        }
        if (cell.expected().equals("own")) {
            Fixtures fresh = new Fixtures();
            String strangerPath =
                    fresh.resolve(cell.path()).replace("{userChannel}", "user:" + subjectOf(tokens.get(cell.role())));
            int stranger = status(cell, strangerPath, strangerOf(cell.role()), fresh);
            assertThat(stranger).as(cell + " as another " + cell.role()).isEqualTo(403);
        }
    }

    /** The status of a cell's request; a stream's body is not read (it never ends). */
    private int status(Cell cell, String path, String token, Fixtures fixtures) {
        var response = request(cell, path, token, fixtures);
        if (cell.path().startsWith("/api/realtime/stream")) {
            var result = response.returnResult(String.class);
            result.getResponseBody().subscribe().dispose();
            return result.getStatus().value();
        }
        return response.expectBody().returnResult().getStatus().value();
    }

    /** Another user of the same role: for "own" cells, who must get 403. */
    private String strangerOf(String role) {
        return others.getOrDefault(role, others.get("customer"));
    }

    private static String subjectOf(String token) {
        if (token == null) {
            return UUID.randomUUID().toString();
        }
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        int start = payload.indexOf("\"sub\":\"") + 7;
        return payload.substring(start, payload.indexOf('"', start));
    }

    private WebTestClient.ResponseSpec request(Cell cell, String path, String token, Fixtures fixtures) {
        if (cell.path().startsWith("/api/realtime/stream")) {
            var spec = gateway.get().uri(path).accept(MediaType.TEXT_EVENT_STREAM);
            if (token != null) {
                spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            }
            return spec.exchange(); // status only: the body is an endless stream
        }
        if (cell.method().equals("POST") && cell.path().endsWith("/media")) {
            var body = new MultipartBodyBuilder();
            body.part("file", png()).contentType(MediaType.IMAGE_PNG);
            var spec = gateway.post().uri(path).contentType(MediaType.MULTIPART_FORM_DATA);
            if (token != null) {
                spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            }
            return spec.bodyValue(body.build()).exchange();
        }
        if (cell.method().equals("POST") && cell.path().equals("/api/orders")) {
            return checkout(token, fixtures.body(cell));
        }
        return call(HttpMethod.valueOf(cell.method()), path, token, fixtures.body(cell));
    }

    /** A checkout: every one carries its own Idempotency-Key. */
    private WebTestClient.ResponseSpec checkout(String token, Object body) {
        var spec = gateway.post().uri("/api/orders").header("Idempotency-Key", "matrix-" + UUID.randomUUID());
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return spec.bodyValue(body).exchange();
    }

    private static Map<String, Object> zoneBody(String name) {
        return Map.of(
                "name",
                name,
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

    private WebTestClient.ResponseSpec call(HttpMethod method, String path, String token, Object body) {
        var spec = gateway.method(method).uri(path);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (method == HttpMethod.POST) {
            spec = spec.header("Idempotency-Key", "matrix-" + UUID.randomUUID()); // payments and refunds need one
        }
        return body == null ? spec.exchange() : spec.bodyValue(body).exchange();
    }

    /** Fresh things for one cell, created by their rightful owners: vendor's part, customer's review, ... */
    private final class Fixtures {

        private final Map<String, String> values = new LinkedHashMap<>();

        String resolve(String path) {
            String resolved = path;
            for (String name : List.of(
                    "part",
                    "media",
                    "review",
                    "alert",
                    "category",
                    "user",
                    "inactiveUser",
                    "conversation",
                    "message",
                    "order",
                    "unpaidOrder",
                    "shippedOrder",
                    "vendorId",
                    "zone",
                    "payment",
                    "paidPayment",
                    "method")) {
                if (resolved.contains("{" + name + "}")) {
                    resolved = resolved.replace("{" + name + "}", get(name));
                }
            }
            return resolved;
        }

        String get(String name) {
            String value = values.get(name);
            if (value == null) {
                value = create(name);
                values.put(name, value);
            }
            return value;
        }

        private String create(String name) {
            String vendor = tokens.get("vendor");
            return switch (name) {
                case "part" -> part(vendor, 10, 0);
                case "media" -> media(vendor, get("part"));
                case "review" ->
                    json(call(
                                    HttpMethod.POST,
                                    "/api/catalog/parts/" + get("part") + "/reviews",
                                    tokens.get("customer"),
                                    Map.of("rating", 4)))
                            .get("id")
                            .asString();
                case "alert" -> alert(vendor);
                case "category" ->
                    json(call(
                                    HttpMethod.POST,
                                    "/api/catalog/categories",
                                    tokens.get("admin"),
                                    Map.of("name", "Leaf", "slug", "leaf-" + UUID.randomUUID())))
                            .get("id")
                            .asString();
                case "user" -> id(register("vendor"));
                case "inactiveUser" -> {
                    String id = id(register("vendor"));
                    call(HttpMethod.POST, "/api/identity/users/" + id + "/deactivate", tokens.get("super_admin"), null)
                            .expectStatus()
                            .isOk();
                    yield id;
                }
                case "cartPart" -> cartPart();
                case "guestToken" ->
                    json(call(HttpMethod.POST, "/api/carts/guest", null, null))
                            .get("guestToken")
                            .asString();
                case "conversation" ->
                    json(call(
                                    HttpMethod.POST,
                                    "/api/messages/conversations",
                                    tokens.get("customer"),
                                    Map.of("vendorId", vendorId, "partId", knownPart(), "text", "Does it fit?")))
                            .get("id")
                            .asString();
                case "message" ->
                    json(call(
                                    HttpMethod.GET,
                                    "/api/messages/conversations/" + get("conversation") + "/messages",
                                    tokens.get("customer"),
                                    null))
                            .get("items")
                            .get(0)
                            .get("id")
                            .asString();
                case "order" -> paidOrder();
                case "payment" -> payment();
                case "paidPayment" -> {
                    paidOrder();
                    yield values.get("paidPayment");
                }
                case "method" -> savedMethod();
                case "unpaidOrder" -> placedOrder(tokens.get("customer"));
                case "shippedOrder" -> {
                    String order = paidOrder();
                    call(
                                    HttpMethod.POST,
                                    "/api/orders/" + order + "/shipments/" + vendorId + "/ship",
                                    tokens.get("vendor"),
                                    Map.of("carrier", "DHL", "trackingNumber", "00340434"))
                            .expectStatus()
                            .isOk();
                    yield order;
                }
                case "vendorId" -> vendorId;
                case "zone" ->
                    json(call(
                                    HttpMethod.POST,
                                    "/api/orders/shipping-zones",
                                    tokens.get("super_admin"),
                                    zoneBody("Zone " + UUID.randomUUID())))
                            .get("id")
                            .asString();
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** The customer's order of the vendor's part, placed and with its stock reserved by catalog. */
        private String placedOrder(String customer) {
            String order =
                    json(checkout(customer, checkoutBody(customer))).get("id").asString();
            awaitOrderStatus(customer, order, "awaiting_payment");
            return order;
        }

        /** As {@link #placedOrder}, then paid with a success card through payment-service and the TJ sandbox. */
        private String paidOrder() {
            String customer = tokens.get("customer");
            String order = placedOrder(customer);
            String payment = services.pay(gateway, customer, null, order, com.sprocket.tjsandbox.TestCards.SUCCESS)
                    .get("id")
                    .asString();
            values.put("paidPayment", payment);
            awaitOrderStatus(customer, order, "paid");
            return order;
        }

        /** A payment the customer started for their order awaiting payment. */
        private String payment() {
            String customer = tokens.get("customer");
            return json(call(HttpMethod.POST, "/api/payments", customer, Map.of("orderId", placedOrder(customer))))
                    .get("id")
                    .asString();
        }

        /** A card the customer saved while paying an order. */
        private String savedMethod() {
            String customer = tokens.get("customer");
            String order = placedOrder(customer);
            JsonNode payment = json(call(
                    HttpMethod.POST, "/api/payments", customer, Map.of("orderId", order, "savePaymentMethod", true)));
            Services.confirm(payment, com.sprocket.tjsandbox.TestCards.SUCCESS, true);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> json(call(HttpMethod.GET, "/api/payments/methods", customer, null))
                                    .size()
                            > 0);
            return json(call(HttpMethod.GET, "/api/payments/methods", customer, null))
                    .get(0)
                    .get("id")
                    .asString();
        }

        private void awaitOrderStatus(String token, String order, String status) {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> status.equals(json(call(HttpMethod.GET, "/api/orders/" + order, token, null))
                            .get("status")
                            .asString()));
        }

        /** The caller's cart holding one unit of a fresh part of the vendor, and the checkout of it. */
        private Map<String, Object> checkoutBody(String token) {
            String part = cartPart();
            Services.awaitRow(services.order, "SELECT count(*) AS n FROM part_offers WHERE part_id = '" + part + "'");
            call(HttpMethod.DELETE, "/api/carts/current/items", token, null)
                    .expectStatus()
                    .isOk();
            int version = json(call(
                            HttpMethod.POST, "/api/carts/current/items", token, Map.of("partId", part, "quantity", 1)))
                    .get("version")
                    .asInt();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cartVersion", version);
            body.put(
                    "shippingAddress",
                    Map.of(
                            "name", "Ada Buyer",
                            "line1", "Hauptstr. 1",
                            "city", "Berlin",
                            "postalCode", "10115",
                            "country", "DE"));
            body.put("shippingMethod", "standard");
            return body;
        }

        Object body(Cell cell) {
            String key = cell.method() + " " + cell.path();
            return switch (key) {
                case "POST /api/catalog/parts" -> withVendorForAdmins(cell.role());
                case "POST /api/catalog/parts/imports" -> Map.of("parts", List.of(withVendorForAdmins(cell.role())));
                case "PATCH /api/catalog/parts/{part}" -> Map.of("priceMinor", 100);
                case "POST /api/catalog/parts/{part}/stock" -> Map.of("delta", 1);
                case "PUT /api/catalog/parts/{part}/images" -> Map.of("mediaIds", List.of(get("media")));
                case "POST /api/catalog/categories" -> Map.of("name", "New", "slug", "new-" + UUID.randomUUID());
                case "POST /api/catalog/parts/{part}/reviews" -> Map.of("rating", 5, "body", "Great");
                case "PUT /api/catalog/reviews/{review}" -> Map.of("rating", 3);
                case "PATCH /api/identity/me" -> Map.of("displayName", "Renamed");
                case "PUT /api/identity/users/{user}/role" -> Map.of("role", "customer");
                case "POST /api/messages/conversations" ->
                    Map.of("vendorId", vendorId, "partId", knownPart(), "text", "Hello");
                case "POST /api/carts/current/items" -> Map.of("partId", get("cartPart"), "quantity", 1);
                case "POST /api/carts/merge" -> Map.of("guestToken", get("guestToken"));
                case "POST /api/messages/conversations/{conversation}/messages" -> Map.of("text", "Thanks");
                case "POST /api/orders" ->
                    List.of("customer", "admin", "super_admin").contains(cell.role())
                            ? checkoutBody(tokens.get(cell.role()))
                            : Map.of("cartVersion", 1, "shippingMethod", "standard", "shippingAddress", Map.of());
                case "POST /api/payments" -> Map.of("orderId", get("unpaidOrder"));
                case "POST /api/payments/{paidPayment}/refunds" -> Map.of("amountMinor", 1, "reason", "matrix");
                case "POST /api/orders/{order}/shipments/{vendorId}/ship" ->
                    Map.of("carrier", "DHL", "trackingNumber", "00340434");
                case "POST /api/orders/shipping-zones", "PUT /api/orders/shipping-zones/{zone}" ->
                    zoneBody("Zone " + UUID.randomUUID());
                default -> null; // the other endpoints take no body
            };
        }

        private Map<String, Object> withVendorForAdmins(String role) {
            Map<String, Object> body = partBody();
            if (role.equals("admin") || role.equals("super_admin")) {
                body.put("vendorId", vendorId);
            }
            return body;
        }

        /** The vendor's part, once notification knows it (conversations are about known parts). */
        private String knownPart() {
            String id = get("part");
            services.awaitPartKnown(id);
            return id;
        }

        /** A part the cart's read model already knows (it learns parts from catalog.parts). */
        private String cartPart() {
            String id = part(tokens.get("vendor"), 50, 0);
            var prices = services.cart.getBean(com.sprocket.cart.pricing.PartPrices.class);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() ->
                            prices.find(UUID.fromString(id)).blockOptional().isPresent());
            return id;
        }

        private String part(String vendor, int stock, int threshold) {
            Map<String, Object> body = partBody();
            body.put("stock", stock);
            body.put("lowStockThreshold", threshold);
            return json(call(HttpMethod.POST, "/api/catalog/parts", vendor, body))
                    .get("id")
                    .asString();
        }

        private String media(String vendor, String part) {
            var body = new MultipartBodyBuilder();
            body.part("file", png()).contentType(MediaType.IMAGE_PNG);
            JsonNode media = gateway.post()
                    .uri("/api/catalog/parts/" + part + "/media")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + vendor)
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .bodyValue(body.build())
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            return media.get("id").asString();
        }

        private String alert(String vendor) {
            String part = part(vendor, 0, 1);
            JsonNode alerts =
                    json(call(HttpMethod.GET, "/api/catalog/inventory/alerts?status=open&limit=100", vendor, null));
            for (JsonNode alert : alerts.get("items")) {
                if (alert.get("partId").asString().equals(part)) {
                    return alert.get("id").asString();
                }
            }
            throw new IllegalStateException("no alert for part " + part);
        }
    }

    private static Map<String, Object> partBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Matrix part");
        body.put("brand", "Bosch");
        body.put("condition", "new");
        body.put("priceMinor", 999);
        body.put("currency", "EUR");
        body.put("stock", 10);
        return body;
    }

    private static ByteArrayResource png() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4});
        return new ByteArrayResource(out.toByteArray()) {
            @Override
            public String getFilename() {
                return "part.png";
            }
        };
    }

    static final String PASSWORD = "correct horse battery";

    private JsonNode register(String type) {
        return json(gateway.post()
                .uri("/api/identity/register")
                .bodyValue(Map.of(
                        "email",
                        type + "-" + UUID.randomUUID() + "@example.com",
                        "password",
                        PASSWORD,
                        "displayName",
                        "Matrix " + type,
                        "accountType",
                        type))
                .exchange());
    }

    private JsonNode login(String email, String password) {
        return json(gateway.post()
                .uri("/api/identity/login")
                .bodyValue(Map.of("email", email, "password", password))
                .exchange());
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .is2xxSuccessful()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static String token(JsonNode session) {
        return session.get("accessToken").asString();
    }

    private static String id(JsonNode session) {
        return session.get("profile").get("id").asString();
    }

    record Cell(String resource, String method, String path, String role, String expected) {
        @Override
        public String toString() {
            return resource + ": " + role + " " + method + " " + path + " -> " + expected;
        }
    }
}
