package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PWA's calls in a real browser: headless Chromium (Debian's) driven by playwright-core, loading a
 * page from its own origin (allowed by the gateway's CORS settings) that calls the gateway with fetch
 * and the browser's native EventSource, as the PWA does. {@code deploy/local/browser-tools.sh}
 * installs both (./sprocket test runs it). The page and its driver are in {@code src/test/resources/pwa}.
 */
@SprocketIntegrationTest
class BrowserIntegrationTests {

    static final Path TOOLS =
            Path.of("..", ".run", "tools", "node_modules").toAbsolutePath().normalize();
    static Services services;
    static HttpServer pwa;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = Services.start();
        pwa = pageServer();
        services.gatewayProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("sprocket.gateway.cors.allowed-origins", BrowserIntegrationTests::pageOrigin);
        registry.add("sprocket.gateway.rate-limit.replenish-per-second", () -> "5000");
        registry.add("sprocket.gateway.rate-limit.burst", () -> "10000");
    }

    @AfterAll
    static void stop() {
        pwa.stop(0);
        services.close();
    }

    @Autowired
    WebTestClient gateway;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void a_guest_writes_to_a_cart_from_the_pwa_origin_with_one_preflight_and_follows_it_live() throws Exception {
        String part = cartPart();
        double preflightsBefore = preflights();

        JsonNode result = drive("guest", part, "30");

        assertThat(result.get("writes").get("created").asInt()).isEqualTo(201);
        assertThat(result.get("writes").get("statuses"))
                .as("every write passed its preflight (a failed one shows as status 0)")
                .extracting(JsonNode::asInt)
                .hasSize(30)
                .containsOnly(200);
        assertThat(preflights() - preflightsBefore)
                .as("preflights for 30 cart writes with X-Cart-Token and the version in the body")
                .isLessThanOrEqualTo(3);
        assertThat(result.get("stream").get("opened").asBoolean()).isTrue();
        assertThat(result.get("stream").get("urlHasSecret").asBoolean()).isFalse();
        assertThat(result.get("liveAdd").asInt()).isEqualTo(200);
        assertThat(result.get("events"))
                .extracting(e -> e.get("type").asString())
                .contains("cart.changed.v1");
    }

    @Test
    void a_user_logs_in_two_tabs_stay_in_sync_and_a_closed_stream_resumes_with_exactly_the_missed_events()
            throws Exception {
        String part = cartPart();
        String email = "browser-" + UUID.randomUUID() + "@example.com";
        gateway.post()
                .uri("/api/identity/register")
                .bodyValue(Map.of(
                        "email",
                        email,
                        "password",
                        "correct horse battery",
                        "displayName",
                        "Tab",
                        "accountType",
                        "customer"))
                .exchange()
                .expectStatus()
                .isCreated();

        JsonNode result = drive("sync", email, "correct horse battery", part);

        assertThat(result.get("login").asInt()).isEqualTo(200);
        assertThat(result.get("streamA").get("opened").asBoolean()).isTrue();
        assertThat(result.get("streamB").get("opened").asBoolean()).isTrue();
        assertThat(result.get("streamB").get("urlHasSecret").asBoolean()).isFalse();
        assertThat(result.get("addA").asInt()).isEqualTo(200);
        assertThat(result.get("seenByB"))
                .as("tab B sees tab A's change live")
                .extracting(e -> e.get("type").asString())
                .contains("cart.changed.v1");
        assertThat(result.get("missedAdds")).extracting(JsonNode::asInt).containsOnly(200);
        assertThat(result.get("resumed").get("opened").asBoolean()).isTrue();
        List<JsonNode> replayed = new ArrayList<>();
        result.get("replayed").forEach(replayed::add);
        assertThat(replayed)
                .as("a fresh EventSource given the position gets exactly the 3 missed changes, no resync")
                .extracting(e -> e.get("type").asString())
                .containsExactly("cart.changed.v1", "cart.changed.v1", "cart.changed.v1");
        int seen = version(result.get("seenByB").get(0));
        assertThat(replayed).extracting(BrowserIntegrationTests::version).containsExactly(seen + 1, seen + 2, seen + 3);
    }

    private static int version(JsonNode event) {
        return JsonMapper.shared()
                .readTree(event.get("data").asString())
                .get("version")
                .asInt();
    }

    /** Runs the page's driver in headless Chromium and returns its JSON report. */
    private JsonNode drive(String phase, String... args) throws Exception {
        Path driver = Path.of("src", "test", "resources", "pwa", "drive.cjs").toAbsolutePath();
        assertThat(TOOLS.resolve("playwright-core"))
                .as("playwright-core (run deploy/local/browser-tools.sh, as ./sprocket test does)")
                .exists();
        List<String> command = new ArrayList<>(
                List.of("node", driver.toString(), phase, pageOrigin() + "/index.html", "http://127.0.0.1:" + port));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("NODE_PATH", TOOLS.toString());
        builder.environment().putIfAbsent("CHROMIUM", chromium());
        Process process = builder.start();
        // the driver is a separate process; this test thread waits for it (never an event loop)
        String stdout;
        String stderr;
        try (InputStream out = process.getInputStream();
                InputStream err = process.getErrorStream()) {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the browser driver did not finish in 120 s");
            }
            stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.exitValue()).as("driver failed:\n" + stderr).isZero();
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("{}");
        return JsonMapper.shared().readTree(last);
    }

    private static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("Chromium is missing (run deploy/local/browser-tools.sh, as ./sprocket test does)");
    }

    /** CORS preflights the gateway has answered so far. */
    private double preflights() {
        return meters.find("http.server.requests").tag("method", "OPTIONS").timers().stream()
                .mapToDouble(Timer::count)
                .sum();
    }

    /** A verified vendor's part that cart's read model knows. */
    private String cartPart() {
        JsonNode vendor = gateway.post()
                .uri("/api/identity/register")
                .bodyValue(Map.of(
                        "email",
                        "seller-" + UUID.randomUUID() + "@example.com",
                        "password",
                        "correct horse battery",
                        "displayName",
                        "Seller",
                        "accountType",
                        "vendor"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        services.verifyVendor(gateway, vendor.get("profile").get("id").asString());
        String id = gateway.post()
                .uri("/api/catalog/parts")
                .header(
                        HttpHeaders.AUTHORIZATION,
                        "Bearer " + vendor.get("accessToken").asString())
                .bodyValue(Map.of(
                        "title",
                        "Wiper blade",
                        "brand",
                        "Bosch",
                        "condition",
                        "new",
                        "priceMinor",
                        1299,
                        "currency",
                        "EUR",
                        "stock",
                        500))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        Services.awaitRow(services.cart, "SELECT count(*) AS n FROM part_prices WHERE part_id = '" + id + "'");
        return id;
    }

    private static String pageOrigin() {
        return "http://localhost:" + pwa.getAddress().getPort();
    }

    /** Serves the test page from its own origin, as the PWA's host would. */
    private static HttpServer pageServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().replaceFirst("^/", "");
            byte[] body;
            try (InputStream in = BrowserIntegrationTests.class.getResourceAsStream("/pwa/" + name)) {
                body = in == null || name.contains("..") ? null : in.readAllBytes();
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                String type = name.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8";
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }
}
