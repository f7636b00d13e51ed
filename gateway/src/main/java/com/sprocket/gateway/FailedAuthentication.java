package com.sprocket.gateway;

import com.sprocket.platform.web.ProblemWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Failed authentication counts against the client's rate limit. A request turned away with 401
 * (an invalid token, a wrong password) either never reaches the route's rate limiter (security
 * answers first) or costs no more than any request, so without this a client could try tokens or
 * passwords as fast as the limit allows anything. Here every 401 also takes a token from the client
 * address's bucket (the one guests use); once it is empty, requests from that address that carry
 * credentials are refused with 429 for a second, before any token is verified or password hashed.
 * Runs before Spring Security.
 */
@Component
@Order(-200)
class FailedAuthentication implements WebFilter {

    static final String ROUTE = "authentication";

    private final RateLimiter<?> limiter;
    private final ClientAddresses addresses;
    private final ProblemWriter problems;
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

    FailedAuthentication(RateLimiter<?> sprocketRateLimiter, ClientAddresses addresses, ProblemWriter problems) {
        this.limiter = sprocketRateLimiter;
        this.addresses = addresses;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String key = addresses.key(exchange.getRequest());
        Long until = blockedUntil.get(key);
        if (until != null && carriesCredentials(exchange)) {
            if (System.nanoTime() < until) {
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                return problems.write(
                        exchange,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Too many failed sign-ins or invalid tokens from your address; wait a moment.");
            }
            blockedUntil.remove(key, until);
        }
        exchange.getResponse().beforeCommit(() -> {
            if (exchange.getResponse().getStatusCode() != HttpStatus.UNAUTHORIZED) {
                return Mono.empty();
            }
            return limiter.isAllowed(ROUTE, key)
                    .doOnNext(response -> {
                        if (!response.isAllowed()) {
                            if (blockedUntil.size() > 100_000) {
                                blockedUntil.clear(); // bounded: at worst a blocked address gets one more try
                            }
                            blockedUntil.put(
                                    key,
                                    System.nanoTime() + Duration.ofSeconds(1).toNanos());
                        }
                    })
                    .then();
        });
        return chain.filter(exchange);
    }

    /** A bearer token, or a password or refresh token on its way to identity. */
    private static boolean carriesCredentials(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        return exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
                || path.equals("/api/identity/login")
                || path.equals("/api/identity/refresh");
    }
}
