package com.sprocket.order.catalog;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Keeps {@link PartOffers} from {@code catalog.parts} (inbox: each event once; versions keep order). */
@Component
class CatalogListener {

    static final String CONSUMER = "order-catalog";
    private static final List<String> HANDLED = List.of("part.created.v1", "part.updated.v1", "part.deleted.v1");

    private final EventConsumer events;
    private final PartOffers offers;

    CatalogListener(EventConsumer events, PartOffers offers) {
        this.events = events;
        this.offers = offers;
    }

    @KafkaListener(id = CONSUMER, topics = "catalog.parts", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case "part.created.v1", "part.updated.v1" -> {
                PartChanged part = events.codec().data(event, PartChanged.class);
                yield offers.upsert(
                        new PartOffer(
                                part.partId(),
                                part.vendorId(),
                                part.categoryId(),
                                part.title(),
                                part.priceMinor(),
                                part.currency(),
                                part.availableStock() != null ? part.availableStock() : part.stock(),
                                part.available(),
                                part.weightGrams() != null ? part.weightGrams() : 0,
                                false),
                        part.version());
            }
            case "part.deleted.v1" -> {
                PartDeleted part = events.codec().data(event, PartDeleted.class);
                yield offers.markDeleted(part.partId(), part.version());
            }
            default -> EventConsumer.unhandled(event, HANDLED);
        };
    }

    /** The fields of catalog's part events this service reads (tolerant reader). */
    record PartChanged(
            UUID partId,
            UUID vendorId,
            UUID categoryId,
            String title,
            long priceMinor,
            String currency,
            int stock,
            Integer availableStock,
            boolean available,
            Integer weightGrams,
            int version) {}

    record PartDeleted(UUID partId, int version) {}
}
