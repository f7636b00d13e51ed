package com.sprocket.cart.cart;

import com.sprocket.cart.config.CartProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Deletes guest carts idle longer than the TTL (their lines go with them: ON DELETE CASCADE), in
 * batches. Safe with several replicas: rows are claimed FOR UPDATE SKIP LOCKED, so two replicas never
 * fight over one cart. The count removed is the metric {@code sprocket.cart.guest.expired}.
 */
@Component
public class GuestCartCleanup {

    private static final Logger log = LoggerFactory.getLogger(GuestCartCleanup.class);

    private final DatabaseClient db;
    private final CartProperties properties;
    private final Counter expired;

    GuestCartCleanup(DatabaseClient db, CartProperties properties, MeterRegistry meters) {
        this.db = db;
        this.properties = properties;
        this.expired = Counter.builder("sprocket.cart.guest.expired")
                .description("Idle guest carts deleted")
                .register(meters);
    }

    @Scheduled(
            fixedDelayString = "${sprocket.cart.cleanup-interval:10m}",
            initialDelayString = "${sprocket.cart.cleanup-interval:10m}")
    public Mono<Long> purge() {
        return db.sql("DELETE FROM guest_carts WHERE id IN (SELECT id FROM guest_carts WHERE last_activity_at < :before"
                        + " ORDER BY last_activity_at LIMIT 1000 FOR UPDATE SKIP LOCKED)")
                .bind("before", OffsetDateTime.now().minus(properties.guestTtl()))
                .fetch()
                .rowsUpdated()
                .doOnNext(count -> {
                    expired.increment(count);
                    if (count > 0) {
                        log.info("deleted {} idle guest carts", count);
                    }
                });
    }
}
