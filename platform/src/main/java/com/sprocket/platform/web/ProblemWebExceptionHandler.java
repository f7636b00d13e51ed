package com.sprocket.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * problem+json for what fails outside a controller (web filters, the security firewall, the codecs
 * before a handler was chosen), where {@link ProblemHandling} does not reach. Runs before Spring
 * Boot's error handler, which would answer with its own JSON shape.
 */
final class ProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final ProblemWriter problems;

    ProblemWebExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            return Mono.error(ex); // nobody to answer; WebFlux logs a client that went away at debug
        }
        return switch (ex) {
            case ServerExchangeRejectedException rejected ->
                problems.write(exchange, HttpStatus.BAD_REQUEST, RequestProblems.rejected(rejected));
            case DataBufferLimitException tooLarge ->
                problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.");
            case DecodingException undecodable -> {
                HttpStatus status = RequestProblems.statusOf(undecodable);
                yield problems.write(exchange, status, RequestProblems.detailOf(undecodable, status));
            }
            case ErrorResponse known -> write(exchange, known);
            default -> {
                log.error(
                        "unexpected error on {} {}",
                        exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(),
                        ex);
                yield problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side.");
            }
        };
    }

    private Mono<Void> write(ServerWebExchange exchange, ErrorResponse known) {
        HttpStatusCode code = known.getStatusCode();
        HttpStatus status = HttpStatus.resolve(code.value());
        String detail = known.getBody().getDetail();
        known.getHeaders()
                .forEach((name, values) -> exchange.getResponse().getHeaders().put(name, values));
        return problems.write(
                exchange,
                status == null ? HttpStatus.BAD_REQUEST : status,
                detail == null ? (status == null ? "Bad request" : status.getReasonPhrase()) : detail);
    }

    @Override
    public int getOrder() {
        return -2; // before Spring Boot's ErrorWebExceptionHandler (-1)
    }
}
