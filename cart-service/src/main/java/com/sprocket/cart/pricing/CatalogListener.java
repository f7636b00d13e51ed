package com.sprocket.cart.pricing;

import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.kafka.EventConsumer;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Keeps part_prices current from catalog.parts (inbox: each event applied once; versions keep order). */
@Component
class CatalogListener {

    static final String CONSUMER = "cart-service";
    private static final java.util.List<String> HANDLED =
            java.util.List.of("part.created.v1", "part.updated.v1", "part.deleted.v1");

    private final EventConsumer events;
    private final PartPrices prices;

    CatalogListener(EventConsumer events, PartPrices prices) {
        this.events = events;
        this.prices = prices;
    }

    @KafkaListener(id = "cart-catalog", topics = "catalog.parts", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, this::apply);
    }

    private Mono<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case "part.created.v1", "part.updated.v1" -> {
                PartChanged part = events.codec().data(event, PartChanged.class);
                yield prices.upsert(new PartPrice(
                        part.partId(),
                        part.vendorId(),
                        part.title(),
                        part.priceMinor(),
                        part.currency(),
                        part.availableStock() != null ? part.availableStock() : part.stock(),
                        part.available(),
                        false,
                        part.version()));
            }
            case "part.deleted.v1" -> {
                PartDeleted part = events.codec().data(event, PartDeleted.class);
                yield prices.markDeleted(part.partId(), part.version());
            }
            default -> EventConsumer.unhandled(event, HANDLED);
        };
    }

    /** The fields of catalog's part events this service reads (tolerant reader). */
    record PartChanged(
            UUID partId,
            UUID vendorId,
            String title,
            long priceMinor,
            String currency,
            int stock,
            Integer availableStock,
            boolean available,
            int version) {}

    record PartDeleted(UUID partId, int version) {}
}
