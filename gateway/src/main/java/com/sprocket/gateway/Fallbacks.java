package com.sprocket.gateway;

import com.sprocket.platform.web.ProblemWriter;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/** Where an open circuit breaker or a timed-out call ends: problem+json 503/504 with Retry-After. */
@RestController
class Fallbacks {

    private static final String RETRY_AFTER = "5";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Fallbacks.class);

    @RequestMapping("/fallback/{service}")
    Mono<ResponseEntity<ProblemDetail>> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        if (cause != null && clientGone(exchange, cause)) {
            return Mono.error(cause); // the route's call failed because the client hung up mid-answer
        }
        log.debug("{} fallback for {}: {}", service, exchange.getRequest().getPath(), String.valueOf(cause));
        HttpStatus status = status(cause);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(service, status));
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return Mono.just(ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
                .body(problem));
    }

    /** The same answer where {@link PublicReads} calls a service itself. */
    static Mono<Void> write(ProblemWriter problems, ServerWebExchange exchange, String service, Throwable cause) {
        log.debug("{} fallback for {}: {}", service, exchange.getRequest().getPath(), String.valueOf(cause));
        HttpStatus status = status(cause);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
        return problems.write(exchange, status, detail(service, status));
    }

    /**
     * Nobody to answer: the client hung up, or the answer is on its way already. The breaker wraps the
     * whole route, writing the answer included, so a client that hangs up mid-answer fails the call too;
     * writing a problem then threw on the committed response. {@link GatewayErrors} asks the same.
     */
    static boolean clientGone(ServerWebExchange exchange, Throwable cause) {
        return exchange.getResponse().isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(cause);
    }

    /** 504 when the service was too slow, 503 when it could not be reached or its breaker is open. */
    static HttpStatus status(Throwable cause) {
        return timedOut(cause) ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
    }

    private static String detail(String service, HttpStatus status) {
        return status == HttpStatus.GATEWAY_TIMEOUT
                ? "The " + service + " service did not answer in time; try again shortly."
                : "The " + service + " service is unavailable; try again shortly.";
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
