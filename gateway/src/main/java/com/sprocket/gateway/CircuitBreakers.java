package com.sprocket.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Every route's circuit breaker: opens when half of the last 20 calls (at least 10) failed, stays
 * open 10 s. A call that gets no response within the route's response timeout (10 s,
 * {@code httpclient.response-timeout} in gateway.yaml) fails with 504 and counts as a failure. The
 * breaker's own time limiter is off ({@code disable-time-limiter}): it duplicated that timeout with a
 * second timer scheduled and cancelled on a shared thread pool for every request. A client hanging up
 * mid-answer fails the route's call (the breaker wraps the write back too) but is not counted.
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakers {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> defaultCircuitBreaker() {
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(10)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(10))
                        // a client that hangs up says nothing about the service
                        .recordException(error -> !DisconnectedClientHelper.isClientDisconnectedException(error))
                        .build())
                .build());
    }
}
