package com.sprocket.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml (for people with Docker) configures each service with the same names as Kubernetes:
 * every setting the cluster gives a service, compose gives it too (except the cluster's Kafka TLS and
 * SASL, and the operator-owned topics), compose sets nothing Kubernetes does not know, and nothing in
 * it points at a developer's machine.
 */
class ComposeTests {

    /** Settings only a cluster has: Strimzi's TLS listener with SCRAM users, operator-owned topics, an ingress. */
    private static final Set<String> CLUSTER_ONLY = Set.of(
            "SPRING_KAFKA_SECURITY_PROTOCOL",
            "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
            "SPRING_KAFKA_SSL_TRUST_STORE_TYPE",
            "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION",
            "SPROCKET_KAFKA_CREATE_TOPICS",
            "SPROCKET_GATEWAY_TRUSTED_PROXIES");

    @Test
    void compose_and_kubernetes_configure_every_service_with_the_same_names() throws IOException {
        JsonNode compose = new YAMLMapper()
                .readTree(RenderedManifestsTests.ROOT
                        .resolve("../../compose.yaml")
                        .toFile());
        List<String> differences = new ArrayList<>();
        for (String service : List.of(
                "identity-service",
                "catalog-service",
                "cart-service",
                "order-service",
                "payment-service",
                "notification-service",
                "gateway",
                "tj-sandbox")) {
            String overlay = service.equals("tj-sandbox") ? "dev" : "prod";
            Set<String> cluster =
                    new TreeSet<>(ManifestPolicyTests.env(overlay, service).keySet());
            Set<String> local = new TreeSet<>();
            JsonNode environment = compose.path("services").path(service).path("environment");
            environment.fieldNames().forEachRemaining(local::add);
            assertThat(local).as(service + " in compose.yaml").isNotEmpty();
            for (String name : cluster) {
                if (!CLUSTER_ONLY.contains(name) && !local.contains(name)) {
                    differences.add(service + ": compose.yaml does not set " + name);
                }
            }
            for (String name : local) {
                if (!cluster.contains(name)) {
                    differences.add(service + ": compose.yaml sets " + name + ", which Kubernetes does not");
                }
                String value = environment.path(name).asText();
                if ((value.contains("127.0.0.1") || value.contains("localhost"))
                        && !name.equals("SPROCKET_GATEWAY_CORS_ALLOWED_ORIGINS")) {
                    differences.add(service + ": " + name + " points at this machine inside a container: " + value);
                }
            }
        }
        assertThat(differences).isEmpty();
    }
}
