package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** {@link CatalogReadsAtTheEdge} through Spring Cloud Gateway's route, the lean path switched off. */
@TestPropertySource(properties = "sprocket.gateway.public-reads=false")
class RoutedCatalogReadsIntegrationTests extends CatalogReadsAtTheEdge {

    @Autowired
    MeterRegistry meters;

    @Test
    void with_the_lean_path_off_anonymous_reads_take_the_route() {
        echo("198.51.100.30", "/api/catalog/categories", Map.of());

        assertThat(meters.find("http.client.requests")
                        .tag("spring.cloud.gateway.route.id", "catalog")
                        .timers())
                .isNotEmpty();
    }
}
