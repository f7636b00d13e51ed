package com.sprocket.gateway;

import java.util.Map;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v3/api-docs/<service>}: each service's own OpenAPI document, as the gateway's Swagger UI
 * lists them, told the whole truth about the edge: through the gateway every operation may also be
 * refused with 413 (body over the edge's size limit), 429 (rate limit) or 503/504 (the service is down
 * or slow: circuit breaker), each a problem+json.
 */
@Configuration(proxyBeanMethods = false)
class ServiceDocuments {

    private static final Map<String, String> EDGE = Map.of(
            "429", "Too many requests from this client; retry after the time given in Retry-After",
            "503", "The service is unavailable (circuit open or down); retry after the time given in Retry-After",
            "504", "The service did not answer in time");

    @Bean
    RouteLocator serviceDocumentRoutes(RouteLocatorBuilder routes, GatewayProperties properties, ObjectMapper json) {
        var builder = routes.routes();
        properties
                .services()
                .forEach((name, uri) -> builder.route(
                        name + "-api-docs",
                        route -> route.path("/v3/api-docs/" + name)
                                .filters(filters -> filters.setPath("/v3/api-docs")
                                        .modifyResponseBody(
                                                String.class,
                                                String.class,
                                                (exchange, body) -> Mono.justOrEmpty(body)
                                                        .map(document -> atTheEdge(json, document))))
                                .uri(uri)));
        return builder.build();
    }

    static String atTheEdge(ObjectMapper json, String document) {
        JsonNode root = json.readTree(document);
        JsonNode paths = root.get("paths");
        if (paths == null) {
            return document;
        }
        for (JsonNode path : paths) {
            for (JsonNode operation : path) {
                if (operation instanceof ObjectNode node && node.get("responses") instanceof ObjectNode responses) {
                    EDGE.forEach((status, description) -> addProblem(json, responses, status, description));
                    if (node.has("requestBody")) {
                        addProblem(json, responses, "413", "The request body is over the gateway's size limit");
                    }
                }
            }
        }
        return json.writeValueAsString(root);
    }

    private static void addProblem(ObjectMapper json, ObjectNode responses, String status, String description) {
        if (responses.has(status)) {
            return;
        }
        ObjectNode response = responses.putObject(status);
        response.put("description", description);
        response.putObject("content")
                .putObject("application/problem+json")
                .putObject("schema")
                .put("$ref", "#/components/schemas/Problem");
    }
}
