package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sprocket.platform.test.SprocketIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * With profile {@code redis}, rate-limit buckets live in Redis, so every gateway replica shares them.
 * Runs where a Redis answers on 127.0.0.1:6379 (the build machines have one); skipped elsewhere.
 */
@SprocketIntegrationTest
@ActiveProfiles("redis")
@TestPropertySource(
        properties = {
            "sprocket.gateway.services.catalog=http://127.0.0.1:9",
            "sprocket.gateway.services.identity=http://127.0.0.1:9",
            "sprocket.gateway.rate-limit.replenish-per-second=1",
            "sprocket.gateway.rate-limit.burst=3"
        })
class RedisRateLimitIntegrationTests {

    @BeforeAll
    static void redisIsThere() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
        } catch (IOException e) {
            assumeTrue(false, "no Redis on 127.0.0.1:6379");
        }
    }

    @Autowired
    WebTestClient gateway;

    @Autowired
    RoutedOn routedOn;

    @Autowired
    RateLimiter<?> sprocketRateLimiter;

    @Test
    void limits_through_redis_and_answers_429_with_retry_after() {
        assertThat(((RateLimiting.RetryAfter) sprocketRateLimiter)
                        .delegate()
                        .getClass()
                        .getSimpleName())
                .isEqualTo("RedisRateLimiter");
        String retryAfter = null;
        for (int i = 0; i < 20 && retryAfter == null; i++) {
            var result = gateway.get()
                    .uri("/api/catalog/parts")
                    .exchange()
                    .expectBody()
                    .returnResult();
            if (result.getStatus().value() == 429) {
                retryAfter = result.getResponseHeaders().getFirst("Retry-After");
            }
        }
        assertThat(retryAfter).isEqualTo("1");
    }

    @Test
    void a_request_goes_on_to_its_service_from_the_servers_event_loop_after_redis_answers() {
        routedOn.threads.clear();
        // the other test may have emptied this client's bucket (429s never reach the route): retry
        // until a request is let through, the bucket refills one token a second. A path the route
        // serves (anonymous catalog reads take PublicReads, which has no route filters to watch)
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    gateway.get()
                            .uri("/api/orders/shipping-zones")
                            .exchange()
                            .expectBody()
                            .returnResult();
                    return !routedOn.threads.isEmpty();
                });
        // Lettuce answers on its own event loop ("lettuce-epollEventLoop-..."); the route then took a
        // connection and wrote the answer from there, handing the request between threads
        // (the server's loops are "reactor-http-epoll-N", in tests "webflux-http-epoll-N")
        assertThat(routedOn.threads)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).contains("-http-").doesNotContain("lettuce"));
    }

    /** Records the thread each request reaches its route on (just before the call to the service). */
    @TestConfiguration
    static class RoutedOnConfiguration {
        @Bean
        RoutedOn routedOn() {
            return new RoutedOn();
        }
    }

    static final class RoutedOn implements GlobalFilter, Ordered {
        final Queue<String> threads = new ConcurrentLinkedQueue<>();

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            threads.add(Thread.currentThread().getName());
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return NettyRoutingFilter.ORDER - 1;
        }
    }
}
