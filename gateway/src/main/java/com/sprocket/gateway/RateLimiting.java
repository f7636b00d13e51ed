package com.sprocket.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Rate limits per client: the user id for signed-in users, the client address for guests (see
 * {@link ClientAddresses}: trusted proxies, IPv6 by /64); failed authentication draws on the address's
 * bucket too ({@link FailedAuthentication}). Redis
 * keeps the buckets when it is configured (profile {@code redis}), so every replica shares them;
 * otherwise each replica keeps its own in memory. A refused request gets 429 with Retry-After.
 */
@Configuration(proxyBeanMethods = false)
class RateLimiting {

    @Bean
    ClientAddresses clientAddresses(GatewayProperties properties) {
        return new ClientAddresses(properties.trustedProxies());
    }

    @Bean
    KeyResolver clientKeyResolver(ClientAddresses addresses) {
        return exchange -> exchange.getPrincipal()
                .map(principal -> "user:" + principal.getName())
                .switchIfEmpty(Mono.fromSupplier(() -> addresses.key(exchange.getRequest())));
    }

    @Bean
    @Primary
    RateLimiter<?> sprocketRateLimiter(
            GatewayProperties properties,
            ObjectProvider<ReactiveStringRedisTemplate> redis,
            ApplicationContext context) {
        var limits = properties.rateLimit();
        if (redis.getIfAvailable() == null) {
            return new RetryAfter(new InMemoryRateLimiter(limits.replenishPerSecond(), limits.burst()), false);
        }
        var shared = new RedisRateLimiter(limits.replenishPerSecond(), limits.burst(), 1);
        shared.setApplicationContext(context); // picks up the Redis template and the token-bucket script
        return new RetryAfter(shared, true);
    }

    /**
     * Lettuce opens its shared connection lazily and blocks while doing so, and the token-bucket Lua
     * script is read from the classpath on first use: both would stall the first rate-limited request
     * on a Reactor thread (BlockHound caught them). Do both at start-up instead.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor eagerRedisConnection() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean
                        instanceof org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory lettuce) {
                    lettuce.setEagerInitialization(true);
                }
                return bean;
            }

            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof org.springframework.data.redis.core.script.RedisScript<?> script) {
                    // the classpath-backed script re-reads its file whenever Redis asks for the source
                    return org.springframework.data.redis.core.script.RedisScript.of(
                            script.getScriptAsString(), script.getResultType());
                }
                return bean;
            }
        };
    }

    /**
     * Adds Retry-After to refusals, whatever the backing store. A remote store (Redis) answers on its
     * client's thread; the request goes on from its own event loop ({@link EventLoops}).
     */
    record RetryAfter(RateLimiter<?> delegate, boolean remote) implements RateLimiter<Object> {

        @Override
        public Mono<Response> isAllowed(String routeId, String id) {
            Mono<Response> answer = delegate.isAllowed(routeId, id)
                    .map(response -> response.isAllowed()
                            ? response
                            : new Response(false, withRetryAfter(response.getHeaders())));
            return remote ? EventLoops.backOnLoop(answer) : answer;
        }

        private static Map<String, String> withRetryAfter(Map<String, String> headers) {
            var copy = new java.util.HashMap<>(headers);
            copy.put("Retry-After", "1");
            return copy;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> getConfig() {
            return (Map<String, Object>) delegate.getConfig();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Class<Object> getConfigClass() {
            return (Class<Object>) delegate.getConfigClass();
        }

        @Override
        public Object newConfig() {
            return delegate.newConfig();
        }
    }

    /**
     * A token bucket per client in this replica's memory. Buckets refill lazily on use; the map is
     * bounded by dropping full (idle) buckets when it grows past its cap.
     */
    static final class InMemoryRateLimiter implements RateLimiter<Object> {

        private static final int MAX_CLIENTS = 100_000;

        private final double perNano;
        private final int burst;
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

        InMemoryRateLimiter(int perSecond, int burst) {
            this.perNano = perSecond / 1e9;
            this.burst = burst;
        }

        @Override
        public Mono<Response> isAllowed(String routeId, String id) {
            return Mono.fromSupplier(() -> {
                if (buckets.size() > MAX_CLIENTS) {
                    long now = System.nanoTime();
                    buckets.values().removeIf(bucket -> bucket.full(now, perNano, burst));
                }
                Bucket bucket = buckets.computeIfAbsent(id, key -> new Bucket(burst, System.nanoTime()));
                double remaining = bucket.take(System.nanoTime(), perNano, burst);
                return new Response(
                        remaining >= 0, Map.of("X-RateLimit-Remaining", String.valueOf((long) Math.max(0, remaining))));
            });
        }

        @Override
        public Map<String, Object> getConfig() {
            return Map.of();
        }

        @Override
        public Class<Object> getConfigClass() {
            return Object.class;
        }

        @Override
        public Object newConfig() {
            return new Object();
        }

        private static final class Bucket {
            private double tokens;
            private long updatedAt;

            Bucket(double tokens, long now) {
                this.tokens = tokens;
                this.updatedAt = now;
            }

            /** Takes one token; returns what is left, or -1 when there was none. */
            synchronized double take(long now, double perNano, int burst) {
                tokens = Math.min(burst, tokens + (now - updatedAt) * perNano);
                updatedAt = now;
                if (tokens < 1) {
                    return -1;
                }
                tokens -= 1;
                return tokens;
            }

            synchronized boolean full(long now, double perNano, int burst) {
                return tokens + (now - updatedAt) * perNano >= burst;
            }
        }
    }
}
