package com.sprocket.cart.pricing;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code withdrawn_sellers} from {@code identity.users} (inbox: each event once): a vendor who
 * is deactivated or demoted stops selling from carts at once (their lines show as unavailable and
 * cannot be added), without waiting for catalog to withdraw each part; reactivation or promotion
 * back lifts it. Catalog's own part events still decide everything else about a part.
 */
@Component
class SellerListener {

    static final String CONSUMER = "cart-sellers";
    private static final List<String> HANDLED =
            List.of("user.deactivated.v1", "user.reactivated.v1", "user.role-changed.v1");

    private final EventConsumer events;
    private final DatabaseClient db;

    SellerListener(EventConsumer events, DatabaseClient db) {
        this.events = events;
        this.db = db;
    }

    @KafkaListener(id = CONSUMER, topics = "identity.users", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case "user.deactivated.v1" ->
                withdraw(events.codec().data(event, Subject.class).userId());
            case "user.reactivated.v1" ->
                restore(events.codec().data(event, Subject.class).userId());
            case "user.role-changed.v1" -> {
                RoleChanged change = events.codec().data(event, RoleChanged.class);
                if ("vendor".equals(change.from()) && !"vendor".equals(change.to())) {
                    yield withdraw(change.userId());
                }
                yield "vendor".equals(change.to()) ? restore(change.userId()) : Mono.empty();
            }
            default -> EventConsumer.unhandled(event, HANDLED); // registrations, verifications: nothing for carts
        };
    }

    private Mono<Void> withdraw(UUID vendor) {
        return db.sql("INSERT INTO withdrawn_sellers (vendor_id) VALUES (:id) ON CONFLICT (vendor_id) DO NOTHING")
                .bind("id", vendor)
                .then();
    }

    private Mono<Void> restore(UUID vendor) {
        return db.sql("DELETE FROM withdrawn_sellers WHERE vendor_id = :id")
                .bind("id", vendor)
                .then();
    }

    /** The fields of identity's events this consumer reads (tolerant reader). */
    record Subject(UUID userId) {}

    record RoleChanged(UUID userId, String from, String to) {}
}
