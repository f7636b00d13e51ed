package com.sprocket.platform.app;

import com.sprocket.platform.kafka.EventConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Counts applied events per widget and logs their order. A "poison" event always fails; a widget
 * listed in {@code poisoned_widgets} fails until it is taken off the list (a cause that gets fixed).
 */
@Component
class WidgetListener {

    static final String TOPIC = "widgets.events";
    public static final String GROUP = "platform-test-app";
    public static final String CONSUMER = "widget-counter";

    private final EventConsumer events;
    private final DatabaseClient db;

    WidgetListener(EventConsumer events, DatabaseClient db) {
        this.events = events;
        this.db = db;
    }

    @KafkaListener(topics = TOPIC, groupId = GROUP)
    void on(ConsumerRecord<String, String> record) {
        events.consume(CONSUMER, record, envelope -> apply(events.codec().data(envelope, WidgetChanged.class)));
    }

    private Mono<Void> apply(WidgetChanged change) {
        if (change.poison()) {
            return Mono.error(new IllegalStateException("widget " + change.widget() + " cannot be applied"));
        }
        return db.sql("SELECT count(*) AS n FROM poisoned_widgets WHERE widget = :widget")
                .bind("widget", change.widget())
                .map(row -> row.get("n", Long.class))
                .one()
                .flatMap(poisoned -> poisoned > 0
                        ? Mono.error(new IllegalStateException("widget " + change.widget() + " is poisoned"))
                        : count(change));
    }

    private Mono<Void> count(WidgetChanged change) {
        return db.sql("""
                        INSERT INTO widget_counts (widget, applied) VALUES (:widget, 1)
                        ON CONFLICT (widget) DO UPDATE SET applied = widget_counts.applied + 1
                        """)
                .bind("widget", change.widget())
                .then()
                .then(db.sql("INSERT INTO widget_log (widget, sequence) VALUES (:widget, :sequence)")
                        .bind("widget", change.widget())
                        .bind("sequence", change.sequence())
                        .then());
    }
}
