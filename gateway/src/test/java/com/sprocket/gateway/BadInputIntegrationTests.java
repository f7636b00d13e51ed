package com.sprocket.gateway;

import com.sprocket.platform.test.BadInputSuite;
import com.sprocket.platform.test.SprocketIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Malformed input to every operation of every service, through the gateway, as the PWA's callers
 * (tokens issued by identity-service): a documented problem, never a 5xx or a dropped connection.
 */
@SprocketIntegrationTest
class BadInputIntegrationTests extends BadInputSuite {

    static Services services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = Services.start();
        services.gatewayProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("sprocket.gateway.rate-limit.replenish-per-second", () -> "100000");
        registry.add("sprocket.gateway.rate-limit.burst", () -> "200000");
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    /** Each service's own suite sends the full set; through the gateway, the edge is what is new. */
    @Override
    protected int casesPerCaller() {
        return 20;
    }

    @Override
    protected List<Caller> callers() {
        WebClient gateway = WebClient.create("http://127.0.0.1:" + port);
        return List.of(
                new Caller("guest", null),
                new Caller("customer", bearer(register(gateway, "customer"))),
                new Caller("vendor", bearer(verified(register(gateway, "vendor")))),
                new Caller("super_admin", bearer(login(gateway, Services.ROOT_EMAIL, Services.ROOT_PASSWORD))));
    }

    /** A vendor an admin has verified, so the suite reaches past the selling gate. */
    private JsonNode verified(JsonNode vendor) {
        services.verifyVendor(
                org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
                        .baseUrl("http://127.0.0.1:" + port)
                        .build(),
                vendor.get("profile").get("id").asString());
        return vendor;
    }

    private static JsonNode register(WebClient gateway, String type) {
        return gateway.post()
                .uri("/api/identity/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "email",
                        type + "-" + UUID.randomUUID() + "@example.com",
                        "password",
                        "correct horse battery",
                        "displayName",
                        "Fuzzed " + type,
                        "accountType",
                        type))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block();
    }

    private static JsonNode login(WebClient gateway, String email, String password) {
        return gateway.post()
                .uri("/api/identity/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .block();
    }

    private static String bearer(JsonNode session) {
        return "Bearer " + session.get("accessToken").asString();
    }
}
