package com.sprocket.catalog.part;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps {@link Sellers} from {@code identity.users} (inbox: each event once), and withdraws a vendor's
 * parts when the vendor may no longer sell (deactivated, demoted) or puts them back on sale when they
 * may again (reactivated, verified, promoted back), with a {@code part.updated.v1} per part, so carts
 * and search follow.
 */
@Component
class SellerListener {

    static final String CONSUMER = "catalog-sellers";
    private static final List<String> HANDLED = List.of(
            "user.registered.v1",
            "vendor.verified.v1",
            "user.role-changed.v1",
            "user.deactivated.v1",
            "user.reactivated.v1");

    private final EventConsumer events;
    private final Sellers sellers;
    private final PartCatalog catalog;

    SellerListener(EventConsumer events, Sellers sellers, PartCatalog catalog) {
        this.events = events;
        this.sellers = sellers;
        this.catalog = catalog;
    }

    @KafkaListener(id = CONSUMER, topics = "identity.users", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case "user.registered.v1" -> {
                Registered user = events.codec().data(event, Registered.class);
                yield "vendor".equals(user.role())
                        ? sellers.update(user.userId(), true, false, true).then()
                        : Mono.empty();
            }
            case "vendor.verified.v1" ->
                standing(events.codec().data(event, Subject.class).userId(), null, true, null);
            case "user.role-changed.v1" -> {
                RoleChanged change = events.codec().data(event, RoleChanged.class);
                boolean involvesVendor = "vendor".equals(change.from()) || "vendor".equals(change.to());
                yield involvesVendor
                        ? standing(change.userId(), "vendor".equals(change.to()), null, null)
                        : Mono.empty();
            }
            case "user.deactivated.v1" ->
                standing(events.codec().data(event, Subject.class).userId(), null, null, false);
            case "user.reactivated.v1" ->
                standing(events.codec().data(event, Subject.class).userId(), null, null, true);
            default -> EventConsumer.unhandled(event, HANDLED);
        };
    }

    private Mono<Void> standing(UUID userId, Boolean isVendor, Boolean verified, Boolean active) {
        return sellers.update(userId, isVendor, verified, active)
                .flatMap(maySell -> catalog.withdrawOrRestore(userId, !maySell));
    }

    /** The fields of identity's events this consumer reads (tolerant reader). */
    record Registered(UUID userId, String role) {}

    record Subject(UUID userId) {}

    record RoleChanged(UUID userId, String from, String to) {}
}
