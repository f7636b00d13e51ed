package com.sprocket.notification.audit;

import com.sprocket.notification.directory.Directory;
import com.sprocket.notification.notice.Notifications;
import com.sprocket.platform.kafka.EventConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every domain event, once (inbox): an audit-log row, the directory's read models, and a
 * notification where a rule says so, in one transaction with the inbox record. Retries, then the DLQ, come from the platform.
 */
@Component
public class DomainEventsListener {

    public static final String CONSUMER = "notification-service";

    private final EventConsumer events;
    private final ActivityLogs logs;
    private final Notifications notifications;
    private final Directory directory;

    DomainEventsListener(EventConsumer events, ActivityLogs logs, Notifications notifications, Directory directory) {
        this.events = events;
        this.logs = logs;
        this.notifications = notifications;
        this.directory = directory;
    }

    @KafkaListener(id = CONSUMER, topics = "#{@subscribedTopics}", groupId = CONSUMER)
    void on(ConsumerRecord<String, String> record) {
        events.consume(
                CONSUMER,
                record,
                event -> logs.record(event).then(directory.apply(event)).then(notifications.on(event)));
    }
}
