package com.sprocket.payment.webhook;

import com.sprocket.payment.config.PaymentProperties;
import com.sprocket.payment.payment.PaymentBook;
import com.sprocket.payment.provider.TjJson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Processes stored webhooks, oldest first, each in one transaction with its effect (the payment's change
 * and event, then the event marked processed): woken at once by a new delivery, and on a timer for
 * whatever was stored before a crash or failed on a transient fault (database down: waited out, never
 * dropped). Within a replica events are applied one after another in the order received; across replicas
 * the payment's row lock serialises them, and the state machine moves forward only, so order does not
 * change the outcome. An event that cannot be understood is recorded with its reason, not retried.
 */
@Component
class WebhookProcessor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** Attempts (1 s, 2 s, 4 s, 8 s apart) before an event about a payment we do not know is recorded as such. */
    private static final int UNKNOWN_ATTEMPTS = 5;

    private final WebhookEvents events;
    private final PaymentBook book;
    private final ObjectMapper json;
    private final Duration every;
    private final boolean enabled;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
    private final AtomicLong backlog = new AtomicLong();
    private volatile Disposable running;

    WebhookProcessor(
            WebhookEvents events,
            PaymentBook book,
            ObjectMapper json,
            PaymentProperties properties,
            MeterRegistry meters,
            @Value("${sprocket.payment.webhook-processing:true}") boolean enabled) {
        this.events = events;
        this.book = book;
        this.json = json;
        this.every = properties.processEvery();
        this.enabled = enabled;
        Gauge.builder("sprocket.payment.webhooks.backlog", backlog, AtomicLong::get)
                .description("Stored TJ webhooks not processed yet")
                .register(meters);
    }

    /** A new event was stored: process it now rather than at the next tick. */
    void wake() {
        wakeUps.tryEmitNext(true);
    }

    /** Processes everything stored and unprocessed now; how many events were processed. */
    Mono<Integer> drain() {
        return processNext()
                .expand(processed -> processed ? processNext() : Mono.empty())
                .filter(processed -> processed)
                .count()
                .map(Long::intValue);
    }

    /** Claims and processes one event; false when none is waiting. */
    private Mono<Boolean> processNext() {
        return events.claimNext(LEASE)
                .flatMap(stored -> process(stored).thenReturn(true).onErrorResume(error -> {
                    Duration retryIn = Duration.ofSeconds(Math.min(60, 1L << Math.min(stored.attempts(), 6)));
                    log.warn(
                            "webhook {} not processed (attempt {}), retry in {}: {}",
                            stored.eventId(),
                            stored.attempts(),
                            retryIn,
                            error.toString());
                    // true: go on with the next event (this one is not due again before retryIn)
                    return events.retryLater(stored.seq(), retryIn, error.toString())
                            .thenReturn(true)
                            .onErrorResume(alsoDown -> Mono.just(false));
                }))
                .defaultIfEmpty(false);
    }

    private Mono<Void> process(WebhookEvents.Stored stored) {
        JsonNode object;
        try {
            object = json.readTree(stored.body()).path("data").path("object");
        } catch (RuntimeException unreadable) {
            return events.processed(stored.seq(), "ignored: body is not JSON");
        }
        if (!stored.type().startsWith("payment.") || !object.isObject()) {
            return events.processed(stored.seq(), "ignored: not a payment event");
        }
        return book.apply(TjJson.payment(object), applied -> {
                    if (applied == PaymentBook.Applied.UNKNOWN_PAYMENT && stored.attempts() < UNKNOWN_ATTEMPTS) {
                        // the provider can report a payment a moment before our insert of it commits
                        // (a saved card is charged while we create the payment): give it a few tries
                        return Mono.error(new IllegalStateException("payment not known (yet)"));
                    }
                    return events.processed(stored.seq(), applied.name().toLowerCase(java.util.Locale.ROOT));
                })
                .doOnNext(applied -> {
                    if (applied == PaymentBook.Applied.UNKNOWN_PAYMENT) {
                        log.warn("webhook {} names a payment we do not know; recorded and ignored", stored.eventId());
                    }
                })
                .then();
    }

    @Override
    public void start() {
        if (!enabled) {
            log.warn("webhook processing is switched off (sprocket.payment.webhook-processing=false): "
                    + "webhooks are stored, not processed");
            return;
        }
        running = Flux.merge(Flux.interval(Duration.ZERO, every).map(tick -> true), wakeUps.asFlux())
                .onBackpressureDrop()
                .concatMap(
                        tick -> drain().then(events.backlog().doOnNext(backlog::set))
                                .onErrorResume(error -> {
                                    log.warn("processing webhooks failed, next try in {}: {}", every, error.toString());
                                    return Mono.empty();
                                }),
                        0)
                // the processing loop this lifecycle bean owns: disposed in stop(); errors are logged and
                // the stored events stay for the next round
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
