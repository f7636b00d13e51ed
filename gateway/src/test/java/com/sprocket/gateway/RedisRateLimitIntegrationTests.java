package com.sprocket.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sprocket.platform.test.SprocketIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

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
}
