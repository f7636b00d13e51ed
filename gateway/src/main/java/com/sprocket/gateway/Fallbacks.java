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
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Where an open circuit breaker or a timed-out call ends: problem+json 503/504 with Retry-After. */
@RestController
class Fallbacks {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Fallbacks.class);

    @RequestMapping("/fallback/{service}")
    Mono<ResponseEntity<ProblemDetail>> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        boolean timeout = cause instanceof TimeoutException;
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
}
