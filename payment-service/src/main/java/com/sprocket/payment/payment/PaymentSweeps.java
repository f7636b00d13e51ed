package com.sprocket.payment.payment;

import com.sprocket.payment.config.PaymentProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The server's polling fallback (the old PWA polled; now nobody does): on a timer, payments stuck in a
 * non-final state are reconciled with the provider (a lost webhook, or one the provider never sent), and
 * refunds left pending by a provider outage are executed.
 */
@Component
class PaymentSweeps implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PaymentSweeps.class);
    private static final int BATCH = 50;

    private final PaymentBook book;
    private final Refunding refunding;
    private final PaymentProperties properties;
    private volatile Disposable running;

    PaymentSweeps(PaymentBook book, Refunding refunding, PaymentProperties properties) {
        this.book = book;
        this.refunding = refunding;
        this.properties = properties;
    }

    /** One round: reconcile, then retry pending refunds. */
    Mono<Void> sweep() {
        return book.reconcile(properties.stuckAfter(), BATCH)
                .doOnNext(changed -> {
                    if (changed > 0) {
                        log.info("reconciliation brought {} payments up to date with TJ", changed);
                    }
                })
                .then(refunding.retryPending(properties.reconcileEvery(), BATCH))
                .then();
    }

    @Override
    public void start() {
        Duration every = properties.reconcileEvery();
        running = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(
                        tick -> sweep().onErrorResume(error -> {
                            log.warn("payment sweep failed, next try in {}: {}", every, error.toString());
                            return Mono.empty();
                        }),
                        0)
                // the timer loop this lifecycle bean owns: disposed in stop(); each round's errors are
                // logged and the next round tries again
                .subscribe();
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
