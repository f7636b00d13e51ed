package com.sprocket.gateway;

import com.sprocket.platform.web.ProblemWriter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A declared body larger than the edge allows is refused before it is forwarded: problem+json 413. */
@Component
class RequestSizeLimit implements GlobalFilter, Ordered {

    private final long maxBytes;
    private final ProblemWriter problems;

    RequestSizeLimit(GatewayProperties properties, ProblemWriter problems) {
        this.maxBytes = properties.maxRequestSize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBytes) {
            return problems.write(
                    exchange,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is " + length + " bytes; at most " + maxBytes + " are accepted.");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
