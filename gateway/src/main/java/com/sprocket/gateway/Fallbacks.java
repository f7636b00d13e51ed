package com.sprocket.gateway;

import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Where an open circuit breaker or a timed-out call ends: problem+json 503/504 with Retry-After. */
@RestController
class Fallbacks {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Fallbacks.class);

    @RequestMapping("/fallback/{service}")
    Mono<ResponseEntity<ProblemDetail>> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        boolean timeout = timedOut(cause);
        log.debug("{} fallback for {}: {}", service, exchange.getRequest().getPath(), String.valueOf(cause));
        HttpStatus status = timeout ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status,
                timeout
                        ? "The " + service + " service did not answer in time; try again shortly."
                        : "The " + service + " service is unavailable; try again shortly.");
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return Mono.just(
                ResponseEntity.status(status).header("Retry-After", "5").body(problem));
    }

    /**
     * The route's response timeout ({@code httpclient.response-timeout}) ends the call with Spring Cloud
     * Gateway's 504 {@link ResponseStatusException} (its own TimeoutException as the cause); a
     * {@link TimeoutException} comes from a Reactor {@code timeout}.
     */
    static boolean timedOut(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof org.springframework.cloud.gateway.support.TimeoutException
                    || (t instanceof ResponseStatusException status
                            && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value())) {
                return true;
            }
        }
        return false;
    }
}
