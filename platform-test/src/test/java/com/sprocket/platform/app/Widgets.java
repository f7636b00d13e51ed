package com.sprocket.platform.app;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.outbox.OutboxEvent;
import java.time.Instant;
import java.util.UUID;

/** Fixtures for the test app's widget events. */
public final class Widgets {

    public static final String TOPIC = WidgetListener.TOPIC;
    public static final String GROUP = WidgetListener.GROUP;
    public static final String CONSUMER = WidgetListener.CONSUMER;
    public static final String AUDITOR = WidgetAuditor.GROUP;

    private Widgets() {}

    /** A CloudEvents envelope as a producer would put it on {@code widgets.events}. */
    public static String envelope(EventCodec codec, String widget, boolean poison, int sequence) {
        return codec.write(new EventEnvelope(
                null,
                UUID.randomUUID().toString(),
                "widget.changed.v1",
                "sprocket/test",
                widget,
                Instant.now(),
                null,
                codec.toTree(new WidgetChanged(widget, poison, sequence))));
    }

    /** The same change as an outbox event of the test app. */
    public static OutboxEvent outboxEvent(String topic, String widget, int sequence) {
        return new OutboxEvent(
                topic, "widget", widget, "widget.changed.v1", new WidgetChanged(widget, false, sequence));
    }

    public static String newWidget() {
        return "w-" + UUID.randomUUID();
    }
}
