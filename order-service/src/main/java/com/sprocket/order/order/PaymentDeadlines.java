package com.sprocket.order.order;

import com.sprocket.order.config.OrderProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Expires unpaid orders whose reservation ran out, on a timer: batches of overdue orders, each locked
 * with SKIP LOCKED so several replicas share the work, until none is left. Each expiry publishes
 * {@code order.expired.v1}; catalog releases the stock, the buyer is told.
 */
@Component
class PaymentDeadlines implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PaymentDeadlines.class);

    private final OrderBook book;
    private final OrderProperties properties;
    private volatile Disposable running;

    PaymentDeadlines(OrderBook book, OrderProperties properties) {
        this.book = book;
        this.properties = properties;
    }

    /** Expires everything overdue now, batch after batch; the number expired. */
    Mono<Integer> sweep() {
        return book.expireOverdue(properties.expiryBatch())
                .expand(expired -> expired < properties.expiryBatch()
                        ? Mono.empty()
                        : book.expireOverdue(properties.expiryBatch()))
                .reduce(0, Integer::sum);
    }

    @Override
    public void start() {
        Duration every = properties.expirySweep();
        running = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(error -> {
                    log.warn("expiring overdue orders failed, next try in {}: {}", every, error.toString());
                    return Mono.just(0);
                }))
                .subscribe(expired -> {
                    if (expired > 0) {
                        log.info("expired {} unpaid orders", expired);
                    }
                });
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
