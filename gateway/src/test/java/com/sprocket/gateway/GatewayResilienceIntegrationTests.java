package com.sprocket.gateway;

import com.sprocket.platform.test.SprocketIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With the catalog down, the circuit breaker answers problem+json 503; a chatty client gets 429. */
@SprocketIntegrationTest
@TestPropertySource(
        properties = {
            "sprocket.gateway.services.catalog=http://127.0.0.1:9",
            "sprocket.gateway.services.identity=http://127.0.0.1:9",
            "sprocket.gateway.rate-limit.replenish-per-second=1",
            "sprocket.gateway.rate-limit.burst=5"
        })
class GatewayResilienceIntegrationTests {

    @Autowired
    WebTestClient gateway;

    @Test
    void an_unreachable_service_yields_a_problem_json_503_with_retry_after() {
        gateway.get()
                .uri("/api/catalog/categories")
                .header("X-Forwarded-For", "10.0.0.1")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The catalog service is unavailable; try again shortly.");
    }

    @Test
    void a_client_over_its_rate_limit_gets_429_with_retry_after() {
        String retryAfter = null;
        for (int i = 0; i < 20 && retryAfter == null; i++) {
            var result = gateway.get()
                    .uri("/api/catalog/parts")
                    .exchange()
                    .expectBody()
                    .returnResult();
            if (result.getStatus().value() == 429) {
                retryAfter = result.getResponseHeaders().getFirst("Retry-After");
            }
        }
        org.assertj.core.api.Assertions.assertThat(retryAfter).isEqualTo("1");
    }
}
