package com.sprocket.gateway;

import com.sprocket.platform.web.ProblemWriter;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** problem+json for what fails outside any controller: unknown paths, unreachable services, size limits. */
@Component
@Order(-3) // before the platform's handler (-2), which knows nothing of routes and upstreams
class GatewayErrors implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

    private final ProblemWriter problems;

    GatewayErrors(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (Fallbacks.clientGone(exchange, error)) {
            // nobody to answer: the client hung up (WebFlux logs that at debug), or the answer is on its
            // way already. Writing a problem here threw UnsupportedOperationException on the committed
            // headers, logged as an unexpected error each time a load generator closed its connections.
            return Mono.error(error);
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.valueOf(status.getStatusCode().value());
            String detail = code == HttpStatus.NOT_FOUND ? "No such endpoint." : String.valueOf(status.getReason());
            return problems.write(exchange, code, detail);
        }
        if (error instanceof NotFoundException
                || error instanceof ConnectException
                || error.getCause() instanceof ConnectException) {
            return problems.write(
                    exchange, HttpStatus.SERVICE_UNAVAILABLE, "The service is unavailable; try again shortly.");
        }
        if (error instanceof TimeoutException) {
            return problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "The service did not answer in time.");
        }
        if (error instanceof ServerExchangeRejectedException rejected) {
            return problems.write(
                    exchange, HttpStatus.BAD_REQUEST, "The request was rejected: " + rejected.getMessage());
        }
        if (error instanceof DataBufferLimitException) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.");
        }
        log.error(
                "unexpected gateway error on {} {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                error);
        return problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side.");
    }
}
