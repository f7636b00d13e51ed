package com.sprocket.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo accounts for every role, created through the gateway exactly as the PWA and an admin would:
 * the super_admin comes from identity-service's bootstrap configuration; a registered user is
 * promoted to admin by it; a customer and five vendors register, and the admin verifies the vendors.
 * Idempotent: existing accounts just log in. Fresh access tokens go to {@code .run/tokens}.
 */
final class DemoAccounts {

    static final String PASSWORD = "sprocket-demo-2026";
    static final String SUPER_ADMIN = "superadmin@sprocket.local";
    static final List<String> VENDORS = List.of("vendor1", "vendor2", "vendor3", "vendor4", "vendor5");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoAccounts() {}

    /** Ensures the accounts exist and returns a fresh access token per demo user. */
    static Map<String, String> ensure(String gateway, String runDirectory) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        String root =
                login(gateway, SUPER_ADMIN).orElseThrow().get("accessToken").asString();
        tokens.put("super_admin", root);

        // every account at once (each is a password hash on identity's side, its slowest step)
        var admin = async(() -> loginOrRegister(gateway, "admin@sprocket.local", "customer"));
        var customer = async(() -> loginOrRegister(gateway, "customer@sprocket.local", "customer"));
        Map<String, CompletableFuture<JsonNode>> vendors = new LinkedHashMap<>();
        for (String vendor : VENDORS) {
            vendors.put(vendor, async(() -> loginOrRegister(gateway, vendor + "@sprocket.local", "vendor")));
        }

        JsonNode adminSession = admin.join();
        if (!adminSession.get("profile").get("role").asString().equals("admin")) {
            send(gateway, "PUT", "/api/identity/users/" + id(adminSession) + "/role", root, Map.of("role", "admin"));
            adminSession = login(gateway, "admin@sprocket.local").orElseThrow();
        }
        String adminToken = adminSession.get("accessToken").asString();
        tokens.put("admin", adminToken);
        tokens.put("customer", customer.join().get("accessToken").asString());
        for (var vendor : vendors.entrySet()) {
            JsonNode session = vendor.getValue().join();
            if (session.get("profile").get("vendorVerifiedAt").isNull()) {
                send(gateway, "POST", "/api/identity/users/" + id(session) + "/verify-vendor", adminToken, Map.of());
            }
            tokens.put(vendor.getKey(), session.get("accessToken").asString());
        }
        Path dir = Files.createDirectories(Path.of(runDirectory, "tokens"));
        for (var token : tokens.entrySet()) {
            Files.writeString(dir.resolve(token.getKey() + ".jwt"), token.getValue());
        }
        return tokens;
    }

    private interface Call {
        JsonNode run() throws Exception;
    }

    private static CompletableFuture<JsonNode> async(Call call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Logs in (one password check) and registers only an account that does not exist yet. */
    private static JsonNode loginOrRegister(String gateway, String email, String type) throws Exception {
        var session = login(gateway, email);
        if (session.isPresent()) {
            return session.get();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", PASSWORD);
        body.put("displayName", email.substring(0, email.indexOf('@')));
        body.put("accountType", type);
        if (type.equals("vendor")) {
            body.put("vendorCompany", email.substring(0, email.indexOf('@')) + " Parts GmbH");
        }
        var response = HTTP.send(
                request(gateway + "/api/identity/register", "POST", null, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "registering " + email + " failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The session, or empty when the account does not exist (401). */
    private static Optional<JsonNode> login(String gateway, String email) throws Exception {
        var response = HTTP.send(
                request(gateway + "/api/identity/login", "POST", null, Map.of("email", email, "password", PASSWORD)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "login of " + email + " failed: " + response.statusCode() + " " + response.body());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    private static void send(String gateway, String method, String path, String token, Object body) throws Exception {
        var response = HTTP.send(request(gateway + path, method, token, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    static HttpRequest request(String url, String method, String token, Object body) {
        var builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static String id(JsonNode session) {
        return session.get("profile").get("id").asString();
    }
}
