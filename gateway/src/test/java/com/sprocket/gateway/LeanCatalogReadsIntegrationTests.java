package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@link CatalogReadsAtTheEdge} on the lean path ({@link PublicReads}, on by default). */
class LeanCatalogReadsIntegrationTests extends CatalogReadsAtTheEdge {

    @Autowired
    MeterRegistry meters;

    @Test
    void anonymous_reads_take_the_lean_path_and_anything_else_the_route() {
        echo("198.51.100.20", "/api/catalog/categories", Map.of());
        assertThat(meters.find("http.client.requests").timers())
                .as("the route's client observation, which the lean path does not make")
                .isEmpty();

        client.get()
                .uri("/api/catalog/categories")
                .header("X-Forwarded-For", "198.51.100.21")
                .header("Content-Length", "0")
                .header("Authorization", "Bearer not-a-token")
                .exchange()
                .expectStatus()
                .isUnauthorized(); // Spring Security saw it: the route's way
    }
}
