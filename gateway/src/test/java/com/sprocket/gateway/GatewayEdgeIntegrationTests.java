package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The edge without the services behind it (every upstream is unreachable, so a request that passes
 * the limiter gets the breaker's 503): client keys behind a trusted proxy, IPv6 grouping, failed
 * authentication against the limit, CORS for the API's headers, and no metrics on the public port.
 */
@SprocketIntegrationTest
@TestPropertySource(
        properties = {
            "sprocket.gateway.services.catalog=http://127.0.0.1:9",
            "sprocket.gateway.services.identity=http://127.0.0.1:9",
            "sprocket.gateway.services.cart=http://127.0.0.1:9",
            "sprocket.gateway.services.notification=http://127.0.0.1:9",
            "sprocket.gateway.rate-limit.replenish-per-second=1",
            "sprocket.gateway.rate-limit.burst=3",
            "sprocket.gateway.trusted-proxies=127.0.0.1/32,::1/128",
            "sprocket.gateway.cors.allowed-origins=http://localhost:5173"
        })
class GatewayEdgeIntegrationTests {

    @Autowired
    WebTestClient gateway;

    @LocalManagementPort
    int managementPort;

    @Test
    void clients_behind_the_trusted_proxy_each_get_their_own_bucket() {
        List<Integer> first = statuses("203.0.113.5", null, 6);
        List<Integer> second = statuses("203.0.113.6", null, 1);

        assertThat(first).contains(429);
        assertThat(second).doesNotContain(429);
    }

    @Test
    void a_forged_forwarded_for_entry_does_not_escape_the_limit() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.addAll(statuses("10.0.0." + i + ", 198.51.100.7", null, 1)); // the client wrote the first entry
        }
        assertThat(seen).contains(429);
    }

    @Test
    void ipv6_clients_share_a_bucket_per_64_prefix() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            seen.addAll(statuses("2001:db8:5:6::" + i, null, 1));
        }
        assertThat(seen).contains(429);
        assertThat(statuses("2001:db8:5:7::1", null, 1)).doesNotContain(429);
    }

    @Test
    void failed_authentication_counts_against_the_limit() {
        List<Integer> seen = statuses("198.51.100.9", "Bearer not-a-token", 8);

        assertThat(seen.getFirst()).isEqualTo(401);
        assertThat(seen).as("invalid tokens run the address's bucket dry").contains(429);
    }

    @Test
    void a_preflight_for_the_cart_token_header_from_the_pwa_origin_is_allowed() {
        gateway.options()
                .uri("/api/carts/current/items")
                .header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type,x-cart-token")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:5173")
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        headers -> assertThat(headers.toLowerCase()).contains("x-cart-token"));
    }

    @Test
    void metrics_and_health_are_served_on_the_management_port_not_the_public_one() {
        gateway.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        gateway.get().uri("/actuator/health").exchange().expectStatus().isNotFound();

        WebTestClient management = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build();
        management
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
        management
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk();
    }

    private List<Integer> statuses(String forwardedFor, String authorization, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(gateway.get()
                    .uri("/api/catalog/categories")
                    .headers(headers -> {
                        headers.set("X-Forwarded-For", forwardedFor);
                        if (authorization != null) {
                            headers.set(HttpHeaders.AUTHORIZATION, authorization);
                        }
                    })
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getStatus()
                    .value());
        }
        return statuses;
    }
}
