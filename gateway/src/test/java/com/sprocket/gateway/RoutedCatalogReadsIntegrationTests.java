package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** {@link CatalogReadsAtTheEdge} through Spring Cloud Gateway's route, the lean path switched off. */
@TestPropertySource(properties = "sprocket.gateway.public-reads=false")
class RoutedCatalogReadsIntegrationTests extends CatalogReadsAtTheEdge {

    @Autowired
    MeterRegistry meters;

    @Test
    void calls_that_end_without_an_answer_leave_no_active_client_observation() throws Exception {
        // the breaker's fallback answers (the catalog takes 3 s, the route waits 1 s)
        client.get()
                .uri("/api/catalog/slow")
                .header("X-Forwarded-For", "198.51.100.31")
                .exchange()
                .expectStatus()
                .isEqualTo(504);
        // the client hangs up while the route waits
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write("GET /api/catalog/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 198.51.100.32\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> activeClientCalls() > 0);
            socket.setSoLinger(true, 0); // a reset, as a load generator closes
        }

        // before: both stayed active for good (with the exchange they hold)
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> activeClientCalls() == 0);
    }

    private long activeClientCalls() {
        return meters.find("http.client.requests.active").longTaskTimers().stream()
                .mapToLong(LongTaskTimer::activeTasks)
                .sum();
    }

    @Test
    void with_the_lean_path_off_anonymous_reads_take_the_route() {
        echo("198.51.100.30", "/api/catalog/categories", Map.of());

        assertThat(meters.find("http.client.requests")
                        .tag("spring.cloud.gateway.route.id", "catalog")
                        .timers())
                .isNotEmpty();
    }
}
