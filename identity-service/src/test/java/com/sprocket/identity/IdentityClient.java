package com.sprocket.identity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Calls identity-service the way the PWA does; fixtures for identity tests. */
public final class IdentityClient {

    public static final String PASSWORD = "correct horse battery";

    private final WebTestClient client;

    public IdentityClient(WebTestClient client) {
        this.client = client;
    }

    public static String email() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    public WebTestClient.ResponseSpec register(String email, String password, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        body.put("displayName", "Test User");
        body.put("accountType", type);
        if ("vendor".equals(type)) {
            body.put("vendorCompany", "Parts & Co");
        }
        return client.post().uri("/api/identity/register").bodyValue(body).exchange();
    }

    /** Registers and returns the session (tokens + profile). */
    public JsonNode registered(String type) {
        return register(email(), PASSWORD, type)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    public WebTestClient.ResponseSpec login(String email, String password) {
        return client.post()
                .uri("/api/identity/login")
                .bodyValue(Map.of("email", email, "password", password))
                .exchange();
    }

    public JsonNode session(String email, String password) {
        return login(email, password)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    public WebTestClient.ResponseSpec refresh(String refreshToken) {
        return client.post()
                .uri("/api/identity/refresh")
                .bodyValue(Map.of("refreshToken", refreshToken))
                .exchange();
    }

    public WebTestClient.RequestHeadersSpec<?> get(String token, String uri, Object... vars) {
        return client.get().uri(uri, vars).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    public WebTestClient.ResponseSpec post(String token, String uri, Object body, Object... vars) {
        var request = client.post().uri(uri, vars).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec put(String token, String uri, Object body, Object... vars) {
        return client.put()
                .uri(uri, vars)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .bodyValue(body)
                .exchange();
    }

    public static String access(JsonNode session) {
        return session.get("accessToken").asString();
    }

    public static String id(JsonNode session) {
        return session.get("profile").get("id").asString();
    }
}
