package com.sprocket.platform.web;

import jakarta.validation.ConstraintViolationException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * RFC 9457 problem+json for everything a controller can throw: field-level messages for validation,
 * 4xx for every kind of bad input, and a bare 500 (logged, never with a stack trace) for the rest.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<Map<String, String>> errors = ex.getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        ProblemDetail problem = invalid(exchange, errors);
        return Mono.just(problemEntity(HttpStatus.BAD_REQUEST, problem));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            ServerWebExchange exchange) {
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.of(
                                "field",
                                String.valueOf(result.getMethodParameter().getParameterName()),
                                "message",
                                String.valueOf(error.getDefaultMessage()))))
                .toList();
        return Mono.just(problemEntity(HttpStatus.BAD_REQUEST, invalid(exchange, errors)));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        Throwable cause = ex.getCause();
        if (cause instanceof DataBufferLimitException) {
            return Mono.just(problem(exchange, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large."));
        }
        if (cause instanceof DecodingException decoding
                && RequestProblems.statusOf(decoding) != HttpStatus.BAD_REQUEST) {
            HttpStatus tooMuch = RequestProblems.statusOf(decoding);
            return Mono.just(problem(exchange, tooMuch, RequestProblems.detailOf(decoding, tooMuch)));
        }
        String detail = cause instanceof DecodingException
                ? "The request body is not valid JSON for this endpoint."
                : String.valueOf(ex.getReason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        String field = jsonPathOf(ex);
        if (field == null && ex.getMethodParameter() != null) {
            field = ex.getMethodParameter().getParameterName();
        }
        if (field != null) {
            problem.setProperty(
                    "errors", List.of(Map.of("field", field, "message", "is missing or has the wrong type")));
        }
        problem.setInstance(RequestProblems.instance(exchange));
        return Mono.just(problemEntity(HttpStatus.BAD_REQUEST, problem));
    }

    /**
     * Problems are always application/problem+json, whatever the request accepted (a stream client
     * asks for text/event-stream and still gets a readable problem), with the request path as instance.
     */
    @Override
    protected Mono<ResponseEntity<Object>> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
            problem.setInstance(RequestProblems.instance(exchange));
        }
        HttpHeaders withType = new HttpHeaders();
        if (headers != null) {
            withType.putAll(headers);
        }
        if (body instanceof ProblemDetail) {
            withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return super.createResponseEntity(body, withType, status, exchange);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    Mono<ResponseEntity<Object>> onConstraintViolation(ConstraintViolationException ex, ServerWebExchange exchange) {
        List<Map<String, String>> errors = ex.getConstraintViolations().stream()
                .map(violation -> Map.of(
                        "field", lastNode(violation.getPropertyPath().toString()), "message", violation.getMessage()))
                .toList();
        return Mono.just(problemEntity(HttpStatus.BAD_REQUEST, invalid(exchange, errors)));
    }

    @ExceptionHandler(DataBufferLimitException.class)
    Mono<ResponseEntity<Object>> onTooLarge(DataBufferLimitException ex, ServerWebExchange exchange) {
        return Mono.just(problem(exchange, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large."));
    }

    /**
     * The JSON path of the body field Jackson could not read (such as {@code methods[0].kind}), so the
     * client learns which field is wrong; null when the body is not JSON at all.
     */
    private static String jsonPathOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException databind
                    && !databind.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (JacksonException.Reference reference : databind.getPath()) {
                    if (reference.getPropertyName() != null) {
                        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                    } else if (reference.getIndex() >= 0) {
                        path.append('[').append(reference.getIndex()).append(']');
                    }
                }
                return path.isEmpty() ? null : path.toString();
            }
        }
        return null;
    }

    /** Spring Security's firewall checks parameter and header names lazily, when a controller reads them. */
    @ExceptionHandler(ServerExchangeRejectedException.class)
    Mono<ResponseEntity<Object>> onRejected(ServerExchangeRejectedException ex, ServerWebExchange exchange) {
        return Mono.just(problem(exchange, HttpStatus.BAD_REQUEST, RequestProblems.rejected(ex)));
    }

    /** A body the codecs cannot read: malformed JSON, or a multipart request beyond its limits. */
    @ExceptionHandler(DecodingException.class)
    Mono<ResponseEntity<Object>> onUndecodable(DecodingException ex, ServerWebExchange exchange) {
        HttpStatus status = RequestProblems.statusOf(ex);
        return Mono.just(problem(exchange, status, RequestProblems.detailOf(ex, status)));
    }

    @ExceptionHandler({DataIntegrityViolationException.class, OptimisticLockingFailureException.class})
    Mono<ResponseEntity<Object>> onConflict(RuntimeException ex, ServerWebExchange exchange) {
        log.debug("conflict on {}: {}", exchange.getRequest().getPath(), ex.toString());
        return Mono.just(problem(
                exchange, HttpStatus.CONFLICT, "The request conflicts with the current state of the resource."));
    }

    @ExceptionHandler(AccessDeniedException.class)
    Mono<ResponseEntity<Object>> onAccessDenied(AccessDeniedException ex, ServerWebExchange exchange) {
        return Mono.just(problem(exchange, HttpStatus.FORBIDDEN, "Your role does not allow this."));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> onUnexpected(Exception ex, ServerWebExchange exchange) {
        if (ex instanceof ErrorResponseException known) {
            return handleException(known, exchange);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            return Mono.error(ex); // nobody to answer; WebFlux logs a client that went away at debug
        }
        if (unreachable(ex)) {
            log.warn(
                    "a dependency is unreachable on {} {}: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    ex.toString());
            ResponseEntity<Object> unavailable = problem(
                    exchange,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "A service this request needs is unreachable; try again shortly.");
            return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .headers(unavailable.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .body(unavailable.getBody()));
        }
        log.error(
                "unexpected error on {} {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                ex);
        return Mono.just(problem(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side."));
    }

    private static ProblemDetail invalid(ServerWebExchange exchange, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is not valid.");
        problem.setTitle("Invalid request");
        problem.setInstance(RequestProblems.instance(exchange));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ResponseEntity<Object> problemEntity(HttpStatus status, ProblemDetail problem) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ResponseEntity<Object> problem(ServerWebExchange exchange, HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(RequestProblems.instance(exchange));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * R2DBC's transient failures, where R2DBC is on the classpath: the gateway has no database, and an
     * {@code instanceof} naming the class threw NoClassDefFoundError there for every unexpected error
     * that reached this handler (Reactor treats it as fatal: the client got no problem+json).
     */
    private static final Class<?> R2DBC_TRANSIENT = optionalClass("io.r2dbc.spi.R2dbcTransientException");

    private static Class<?> optionalClass(String name) {
        try {
            return Class.forName(name, false, ProblemHandling.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }

    static boolean unreachable(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // the database or another dependency is away, or a transient conflict (deadlock, lock wait,
            // statement cancelled): the client may retry, so 503 with Retry-After rather than 500
            if (cause instanceof java.net.ConnectException
                    || cause instanceof org.springframework.dao.DataAccessResourceFailureException
                    || cause instanceof org.springframework.dao.TransientDataAccessException
                    || (R2DBC_TRANSIENT != null && R2DBC_TRANSIENT.isInstance(cause))) {
                return true;
            }
        }
        return false;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
