package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.web.ProblemWriter;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that hangs up before its answer is written (load generators do it at the end of every run):
 * nobody is left to answer, so neither the error handler nor the breaker's fallback writes a problem
 * (on the committed response that threw UnsupportedOperationException, logged as an unexpected error
 * per dropped connection); the error goes on to WebFlux, which logs a client that went away at debug.
 */
class ClientGoneTests {

    private static final AbortedException HUNG_UP =
            new AbortedException("Connection has been closed BEFORE send operation");

    private final ProblemWriter problems =
            new ProblemWriter(JsonMapper.builder().build());

    @Test
    void the_error_handler_answers_nothing_to_a_client_that_hung_up() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/catalog/parts/1"));

        StepVerifier.create(new GatewayErrors(problems).handle(exchange, HUNG_UP))
                .expectErrorMatches(error -> error == HUNG_UP)
                .verify();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
        assertThat(exchange.getResponse().getHeaders().getContentType()).isNull();
    }

    @Test
    void the_fallback_answers_nothing_when_the_call_failed_because_the_client_hung_up() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/fallback/catalog"));
        exchange.getAttributes().put(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR, HUNG_UP);

        StepVerifier.create(new Fallbacks().unavailable("catalog", exchange))
                .expectErrorMatches(error -> error == HUNG_UP)
                .verify();
    }

    @Test
    void the_fallback_still_answers_503_when_the_service_is_unreachable() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/fallback/catalog"));
        exchange.getAttributes()
                .put(
                        ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR,
                        new java.net.ConnectException("Connection refused"));

        StepVerifier.create(new Fallbacks().unavailable("catalog", exchange))
                .assertNext(answer -> assertThat(answer.getStatusCode().value()).isEqualTo(503))
                .verifyComplete();
    }
}
