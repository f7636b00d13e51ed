package com.sprocket.gateway;

import com.sprocket.platform.web.ProblemWriter;
import java.util.function.Supplier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The per-client rate limit on every route (see {@link RateLimiting} for the buckets and keys). The
 * limiter's headers ({@code X-RateLimit-Remaining}, with Redis also the bucket's size and rate) go on
 * every answer; a refusal is a problem+json 429 with {@code Retry-After}, as the edge's OpenAPI
 * documents say (Spring Cloud Gateway's own {@code RequestRateLimiter} filter answered with an empty
 * body). {@link PublicReads} admits its requests through {@link #admit} with the same buckets.
 */
@Component
class ClientRateLimit implements GlobalFilter, Ordered {

    private final RateLimiter<?> limiter;
    private final KeyResolver keys;
    private final ProblemWriter problems;

    ClientRateLimit(RateLimiter<?> sprocketRateLimiter, KeyResolver clientKeyResolver, ProblemWriter problems) {
        this.limiter = sprocketRateLimiter;
        this.keys = clientKeyResolver;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? "default" : route.getId();
        return keys.resolve(exchange).flatMap(key -> admit(exchange, routeId, key, () -> chain.filter(exchange)));
    }

    /** Takes a token from {@code key}'s bucket: the request goes on with {@code next}, or gets 429. */
    Mono<Void> admit(ServerWebExchange exchange, String routeId, String key, Supplier<Mono<Void>> next) {
        return limiter.isAllowed(routeId, key).flatMap(answer -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            answer.getHeaders().forEach(headers::set);
            if (answer.isAllowed()) {
                return next.get();
            }
            return problems.write(
                    exchange,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Too many requests from this client; retry after the time given in Retry-After.");
        });
    }

    /** Before the routes' own filters (the circuit breaker), so a refused request never reaches a service. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 50;
    }
}
