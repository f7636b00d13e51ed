package com.sprocket.gateway;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Keeps a request on its connection's event loop after a call to another system. The Redis rate
 * limiter answers on Lettuce's own event loop, and whatever follows ran there: the route's call to
 * the service then took a connection from a pool of other loops, and the answer was written back to
 * the client from a third thread, each step a hand-over between threads (a fifth of the gateway's JFR
 * samples under part-page load ran on Lettuce's thread). This filter puts the request's event loop
 * into the Reactor context; {@link #backOnLoop} moves a signal back onto it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class EventLoops implements WebFilter {

    private static final Class<EventLoop> KEY = EventLoop.class;

    /** One scheduler per event loop (a handful per process), not one per request. */
    private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (request instanceof Connection connection) {
            EventLoop loop = connection.channel().eventLoop();
            return chain.filter(exchange).contextWrite(context -> context.put(KEY, loop));
        }
        return chain.filter(exchange); // not served by Reactor Netty (a test's mock exchange)
    }

    /** The answer of {@code call}, delivered on the request's event loop when there is one. */
    static <T> Mono<T> backOnLoop(Mono<T> call) {
        return Mono.deferContextual(context -> {
            EventLoop loop = context.getOrDefault(KEY, null);
            if (loop == null) {
                return call;
            }
            // Netty's event loop runs the task itself; the scheduler is never disposed (it would not
            // shut the loop down: Schedulers.fromExecutor only wraps it)
            return call.publishOn(SCHEDULERS.computeIfAbsent(loop, key -> Schedulers.fromExecutor(key)));
        });
    }
}
