package com.sprocket.gateway;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request gets an {@code X-Request-Id} (the client's, if it is a sane token, else a new UUID),
 * passed to the service and returned to the client, also on errors. Also sets the API's security
 * headers that Spring Security does not (referrer policy, a restrictive CSP outside the Swagger UI).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIds implements WebFilter {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = given != null && SANE.matcher(given).matches()
                ? given
                : randomId().toString();
        ServerWebExchange tagged = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(HEADER, id)))
                .build();
        HttpHeaders response = tagged.getResponse().getHeaders();
        response.set(HEADER, id);
        tagged.getResponse().beforeCommit(() -> {
            response.set("Referrer-Policy", "no-referrer");
            String path = tagged.getRequest().getPath().value();
            if (!path.startsWith("/swagger-ui") && !path.startsWith("/webjars")) {
                response.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            }
            return Mono.empty();
        });
        return chain.filter(tagged);
    }

    /**
     * A random (version 4) UUID from the thread's own generator. A request id correlates log lines; it
     * is no secret, and {@link UUID#randomUUID()} draws from a SecureRandom that every event loop shares
     * behind a lock (5% of the gateway's CPU samples on the public-read path).
     */
    static UUID randomId() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low);
    }
}
