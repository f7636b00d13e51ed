package com.sprocket.gateway;

import io.micrometer.observation.Observation;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Stops a route's client observation when the call ends without an answer: the client hung up before
 * the service answered (a cancellation), or the breaker's fallback answered instead (a timeout, an
 * unreachable service). Spring Cloud Gateway starts that observation as it sends the request and stops
 * it when it reads the response's headers, or in an error handler the fallback never lets the error
 * reach; otherwise each call left an active sample in {@code http.client.requests.active} (a long task
 * timer) and its context, which holds the exchange, in memory for good: 96 of them, still growing,
 * after a few benchmark runs in which the load generator closed its connections at the end.
 */
@Component
class UnansweredCalls implements GlobalFilter, Ordered {

    /** Where Spring Cloud Gateway notes that it stopped the observation itself. */
    private static final String STOPPED = "gateway.observation.stopped";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doFinally(signal -> {
            Observation observation = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_OBSERVATION_ATTR);
            if (observation != null && exchange.getAttributes().putIfAbsent(STOPPED, "true") == null) {
                observation.stop();
            }
        });
    }

    /** Outermost, so the end is seen whichever filter was waiting. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
