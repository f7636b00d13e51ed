package com.sprocket.platform.app;

import com.sprocket.platform.kafka.EventConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** A second consumer group on the same topic: records every event it sees (never fails). */
@Component
class WidgetAuditor {

    public static final String GROUP = "widget-auditor";

    private final EventConsumer events;
    private final DatabaseClient db;

    WidgetAuditor(EventConsumer events, DatabaseClient db) {
        this.events = events;
        this.db = db;
    }

    @KafkaListener(topics = WidgetListener.TOPIC, groupId = GROUP)
    void on(ConsumerRecord<String, String> record) {
        events.consume(
                GROUP,
                record,
                envelope -> db.sql("INSERT INTO widget_audit (widget, event_id) VALUES (:widget, :event)")
                        .bind("widget", envelope.subject())
                        .bind("event", envelope.id())
                        .then());
    }
}
