package com.sprocket.notification.realtime;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.events.MalformedEventException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Feeds the hub from Kafka. Each replica has its own consumer group (a random id, starting at the
 * latest offset), so every replica sees every event and any replica can serve any client. Nothing is
 * stored, so there is no inbox here: the hub is live delivery; durable state lives in the
 * notifications and messages tables, which clients reload on a resync.
 */
@Component
public class HubListener {

    /** The listener container's id (its consumer group is random per replica). */
    public static final String ID = "realtime-hub";

    private static final Logger log = LoggerFactory.getLogger(HubListener.class);

    private final RealtimeHub hub;
    private final EventCodec codec;

    HubListener(RealtimeHub hub, EventCodec codec) {
        this.hub = hub;
        this.codec = codec;
    }

    @KafkaListener(
            id = HubListener.ID,
            idIsGroup = false,
            topics = "#{@subscribedTopics}",
            groupId = "notification-hub-#{T(java.util.UUID).randomUUID()}",
            properties = {"auto.offset.reset=latest"})
    void on(ConsumerRecord<String, String> record) {
        EventEnvelope event;
        try {
            event = codec.read(record.value());
        } catch (MalformedEventException e) {
            log.debug("hub skips a malformed record on {}: {}", record.topic(), e.getMessage());
            return; // the audit consumer dead-letters it; the hub only fans out what it can read
        }
        String data = event.data().toString();
        for (String channel : channelsOf(event)) {
            hub.publish(channel, event.type(), data, event.time());
        }
    }

    /** Who may see an event: its owner's user channel, the vendor's channel, the conversation. */
    static List<String> channelsOf(EventEnvelope event) {
        JsonNode data = event.data();
        List<String> channels = new ArrayList<>();
        String type = event.type();
        if (type.startsWith("inventory.")) {
            add(channels, "vendor:", data, "vendorId");
        } else if (type.equals("notification.created.v1")) {
            add(channels, "user:", data, "userId");
        } else if (type.equals("message.sent.v1") || type.equals("message.hidden.v1")) {
            add(channels, "user:", data, "customerId");
            add(channels, "user:", data, "vendorId");
            add(channels, "conversation:", data, "conversationId");
        } else if (type.startsWith("cart.")) {
            add(channels, "user:", data, "ownerId");
            add(channels, "guestcart:", data, "tokenHash");
        } else if (type.startsWith("user.") || type.startsWith("vendor.")) {
            add(channels, "user:", data, "userId");
        }
        return channels;
    }

    private static void add(List<String> channels, String prefix, JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value != null && !value.isNull()) {
            channels.add(prefix + value.asString());
        }
    }
}
