package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an anonymous catalog read looks like from both sides of the gateway, whichever way it takes:
 * {@link LeanCatalogReadsIntegrationTests} runs these with {@link PublicReads} on (the default),
 * {@link RoutedCatalogReadsIntegrationTests} with it off, through Spring Cloud Gateway's route. The
 * same assertions hold for both: the lean path is a shortcut, not a different edge.
 *
 * <p>The catalog here is {@link EchoCatalog}, a real HTTP server that shows what it received. It has no
 * API document, so these tests use a client without the contract check (the real catalog's answers
 * are checked against its document through the lean path in {@link GatewayIntegrationTests}).
 */
@SprocketIntegrationTest
@TestPropertySource(
        properties = {
            "sprocket.gateway.rate-limit.replenish-per-second=1",
            "sprocket.gateway.rate-limit.burst=5",
            "sprocket.gateway.trusted-proxies=127.0.0.1/32,::1/128",
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
            "management.tracing.sampling.probability=1.0"
        })
abstract class CatalogReadsAtTheEdge {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static DisposableServer catalog;

    @DynamicPropertySource
    static void echoCatalog(DynamicPropertyRegistry registry) {
        catalog = EchoCatalog.start();
        registry.add("sprocket.gateway.services.catalog", () -> "http://127.0.0.1:" + catalog.port());
    }

    @AfterAll
    static void stopCatalog() {
        catalog.disposeNow();
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    @Test
    void an_anonymous_read_reaches_the_catalog_with_its_path_and_query_unchanged() {
        JsonNode seen = echo("198.51.100.1", "/api/catalog/parts?q=brake%20pad&brand=Bosch&limit=3", Map.of());

        assertThat(seen.get("method").asString()).isEqualTo("GET");
        assertThat(seen.get("uri").asString()).isEqualTo("/api/catalog/parts?q=brake%20pad&brand=Bosch&limit=3");
    }

    @Test
    void the_catalog_gets_the_clients_headers_but_no_hop_by_hop_or_forwarded_ones_and_the_trace_goes_on() {
        JsonNode seen = echo(
                "198.51.100.2",
                "/api/catalog/parts/4f0d3c1e-2b6a-4c9e-9a51-0d6e6c1b2a10",
                Map.of(
                        HttpHeaders.ACCEPT_LANGUAGE,
                        "de-DE",
                        HttpHeaders.IF_NONE_MATCH,
                        "\"3\"",
                        RequestIds.HEADER,
                        "client-chosen-id-42",
                        HttpHeaders.CONNECTION,
                        "keep-alive, X-Client-Private",
                        "X-Client-Private",
                        "for the gateway only",
                        "Forwarded",
                        "for=203.0.113.9",
                        "traceparent",
                        "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
        JsonNode headers = seen.get("headers");

        assertThat(headers.get("accept-language").get(0).asString()).isEqualTo("de-DE");
        assertThat(headers.get("if-none-match").get(0).asString()).isEqualTo("\"3\"");
        assertThat(headers.get("x-request-id").get(0).asString()).isEqualTo("client-chosen-id-42");
        assertThat(headers.get("host").get(0).asString()).isEqualTo("127.0.0.1:" + catalog.port());
        assertThat(headers.has("x-client-private"))
                .as("named by Connection: hop-by-hop")
                .isFalse();
        assertThat(headers.has("forwarded")).isFalse();
        assertThat(headers.has("x-forwarded-for")).isFalse();
        String traceparent = headers.get("traceparent").get(0).asString();
        assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void the_answer_keeps_the_catalogs_status_and_headers_without_hop_by_hop_ones_and_with_the_edges() {
        client.get()
                .uri("/api/catalog/parts/missing")
                .header("X-Forwarded-For", "198.51.100.3")
                .header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals("X-Upstream", "echo")
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=60") // the service's, not no-store over it
                .expectHeader()
                .values(HttpHeaders.VARY, vary -> assertThat(vary).contains("Accept-Language"))
                .expectHeader()
                .doesNotExist("X-Upstream-Private")
                .expectHeader()
                .doesNotExist("Keep-Alive")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .valueEquals("X-Frame-Options", "DENY")
                .expectHeader()
                .valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader()
                .exists(RequestIds.HEADER)
                .expectHeader()
                .exists("X-RateLimit-Remaining");
    }

    @Test
    void a_catalog_too_slow_to_answer_yields_a_problem_json_504_with_retry_after() {
        long started = System.nanoTime();
        client.get()
                .uri("/api/catalog/slow")
                .header("X-Forwarded-For", "198.51.100.4")
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The catalog service did not answer in time; try again shortly.");
        // after the gateway's 1 s, well before the catalog's 3 s
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void a_client_over_its_limit_gets_a_problem_json_429_with_retry_after() {
        for (int i = 0; i < 5; i++) {
            echo("198.51.100.5", "/api/catalog/categories", Map.of());
        }

        client.get()
                .uri("/api/catalog/categories")
                .header("X-Forwarded-For", "198.51.100.5")
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader()
                .valueEquals("X-RateLimit-Remaining", "0")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(429);
    }

    @Test
    void a_path_the_firewall_rejects_never_reaches_the_catalog() {
        for (String path : List.of("/api/catalog/parts;type=x", "/api/catalog/parts/%2e%2e/categories")) {
            client.get()
                    .uri(path)
                    .header("X-Forwarded-For", "198.51.100.6")
                    .exchange()
                    .expectStatus()
                    .isBadRequest();
        }
    }

    @Test
    void the_catalogs_breaker_counts_an_unreachable_catalog_but_not_a_client_that_hung_up() {
        echo("198.51.100.7", "/api/catalog/categories", Map.of()); // the route's breaker exists from here

        var counts =
                breakers.circuitBreaker("catalog").getCircuitBreakerConfig().getRecordExceptionPredicate();

        assertThat(counts.test(new java.net.ConnectException("Connection refused")))
                .isTrue();
        assertThat(counts.test(
                        new reactor.netty.channel.AbortedException("Connection has been closed BEFORE send operation")))
                .isFalse();
    }

    /** What the catalog received for an anonymous GET from the client at {@code address}. */
    JsonNode echo(String address, String uri, Map<String, String> headers) {
        byte[] body = client.get()
                .uri(java.net.URI.create("http://127.0.0.1:" + port + uri)) // as given: no template encoding
                .headers(outgoing -> {
                    outgoing.set("X-Forwarded-For", address);
                    headers.forEach(outgoing::set);
                })
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }
}
