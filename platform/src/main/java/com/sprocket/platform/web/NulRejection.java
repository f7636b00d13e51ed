package com.sprocket.platform.web;

import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A NUL character ({@code %00}) in the path or query can be no legitimate value and PostgreSQL cannot
 * store it in text: refused up front with a problem+json 400, instead of failing deep in a query.
 * (JSON bodies are checked while they are read, see {@code NulFreeStrings}.)
 */
final class NulRejection implements WebFilter, Ordered {

    private final ProblemWriter problems;

    NulRejection(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath() + "?"
                + exchange.getRequest().getURI().getRawQuery();
        if (raw.toLowerCase(Locale.ROOT).contains("%00")) {
            return problems.write(
                    exchange, HttpStatus.BAD_REQUEST, "The request target contains a NUL character (%00).");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
