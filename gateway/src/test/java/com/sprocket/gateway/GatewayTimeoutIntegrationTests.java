package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A service that answers too late: the route's response timeout ends the call with a problem+json
 * 504 and Retry-After, well before the service would have answered. The slow service is a real HTTP
 * server that takes 5 s for every answer; the gateway waits at most 1 s here (10 s in gateway.yaml).
 */
@SprocketIntegrationTest
class GatewayTimeoutIntegrationTests {

    private static final DisposableServer SLOW = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> Mono.delay(Duration.ofSeconds(5))
                    .then(response.header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"items\":[]}"))
                            .then()))
            .bindNow();

    @DynamicPropertySource
    static void slowCatalog(DynamicPropertyRegistry registry) {
        registry.add("sprocket.gateway.services.catalog", () -> "http://127.0.0.1:" + SLOW.port());
        registry.add("spring.cloud.gateway.server.webflux.httpclient.response-timeout", () -> "1s");
    }

    @AfterAll
    static void stopSlowService() {
        SLOW.disposeNow();
    }

    @Autowired
    WebTestClient gateway;

    @Test
    void a_service_that_answers_too_late_yields_a_problem_json_504_with_retry_after() {
        long started = System.nanoTime();
        gateway.get()
                .uri("/api/catalog/categories")
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The catalog service did not answer in time; try again shortly.");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }
}
