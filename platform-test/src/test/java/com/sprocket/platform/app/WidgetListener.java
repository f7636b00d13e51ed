package com.sprocket.platform.app;

import com.sprocket.platform.kafka.EventConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Counts applied events per widget; a "poison" widget always fails. */
@Component
class WidgetListener {

    static final String TOPIC = "widgets.events";

    private final EventConsumer events;
    private final DatabaseClient db;

    WidgetListener(EventConsumer events, DatabaseClient db) {
        this.events = events;
        this.db = db;
    }

    @KafkaListener(topics = TOPIC, groupId = "platform-test-app")
    void on(ConsumerRecord<String, String> record) {
        events.consume(
                "widget-counter", record, envelope -> apply(events.codec().data(envelope, WidgetChanged.class)));
    }

    private Mono<Void> apply(WidgetChanged change) {
        if (change.poison()) {
            return Mono.error(new IllegalStateException("widget " + change.widget() + " cannot be applied"));
        }
        return db.sql("""
                        INSERT INTO widget_counts (widget, applied) VALUES (:widget, 1)
                        ON CONFLICT (widget) DO UPDATE SET applied = widget_counts.applied + 1
                        """).bind("widget", change.widget()).then();
    }
}
