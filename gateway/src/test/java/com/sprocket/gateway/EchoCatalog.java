package com.sprocket.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server in the catalog's place that shows the gateway's side of a call: it answers every
 * request with what it received (method, URI, headers by lower-case name) and with headers a proxy must
 * pass on ({@code X-Upstream}, {@code Cache-Control}, {@code Vary}) or drop (hop-by-hop {@code Keep-Alive},
 * and {@code X-Upstream-Private}, which its {@code Connection} header names). Paths containing
 * {@code missing} answer 404; {@code /api/catalog/slow} answers after 3 s. It has no API document (404), as no real service would.
 */
final class EchoCatalog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EchoCatalog() {}

    static DisposableServer start() {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> {
                    String uri = request.uri();
                    if (uri.startsWith("/v3/api-docs")) {
                        return response.status(404).send();
                    }
                    if (uri.startsWith("/api/catalog/slow")) {
                        return Mono.delay(Duration.ofSeconds(3))
                                .then(response.header("Content-Type", "application/json")
                                        .sendString(Mono.just("{}"))
                                        .then());
                    }
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    request.requestHeaders()
                            .forEach(header -> headers.computeIfAbsent(
                                            header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                                    .add(header.getValue()));
                    String body = JSON.writeValueAsString(
                            Map.of("method", request.method().name(), "uri", uri, "headers", headers));
                    return response.status(uri.contains("missing") ? 404 : 200)
                            .header("Content-Type", "application/json")
                            .header("X-Upstream", "echo")
                            .header("Cache-Control", "max-age=60")
                            .header("Vary", "Accept-Language")
                            .header("Keep-Alive", "timeout=5")
                            .header("Connection", "keep-alive, X-Upstream-Private")
                            .header("X-Upstream-Private", "for the next hop only")
                            .sendString(Mono.just(body))
                            .then();
                })
                .bindNow();
    }
}
