package com.sprocket.notification.realtime;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.events.MalformedEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final com.sprocket.platform.security.RevokedSubjects revocations;

    HubListener(RealtimeHub hub, EventCodec codec, com.sprocket.platform.security.RevokedSubjects revocations) {
        this.hub = hub;
        this.codec = codec;
        this.revocations = revocations;
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
        String reason = ENDS_STREAMS.get(event.type());
        if (reason != null) {
            JsonNode user = event.data().get("userId");
            if (user != null && user.isString()) {
                // the platform's revocation listener learns this too; telling RevokedSubjects here as
                // well means a client reconnecting the moment its stream ends is refused already
                JsonNode role = event.data().get("to");
                if (role != null && role.isString()) {
                    revocations.roleChanged(user.asString(), role.asString(), event.time());
                } else {
                    revocations.deactivated(user.asString(), event.time());
                }
                hub.end("user:" + user.asString(), reason);
            }
            return;
        }
        String data = event.data().toString();
        for (String channel : channelsOf(event)) {
            hub.publish(channel, event.type(), data, event.time());
        }
    }

    /**
     * The routing table: which channels an event type reaches, and the field of its data that names the
     * channel. Opt-in: a type that is not listed reaches no browser, so a new event type (or a security
     * event such as {@code user.login-failed.v1}) stays server-side until someone decides otherwise.
     */
    /**
     * An order's progress reaches its channel, its buyer's devices (a guest's: the channel named by the
     * hash of the order's token) and every vendor in it.
     */
    private static final List<Route> ORDER = List.of(
            new Route("order:", "orderId"),
            new Route("user:", "customerId"),
            new Route("vendor:", "vendorIds"),
            new Route("guestorder:", "orderTokenHash"));

    /**
     * A payment's progress reaches its order's channel and its buyer (payment-service publishes it
     * straight from the webhook's transaction: one hop, not via order-service).
     */
    private static final List<Route> PAYMENT = List.of(
            new Route("order:", "orderId"),
            new Route("user:", "customerId"),
            new Route("guestorder:", "orderTokenHash"));

    static final Map<String, List<Route>> ROUTES = Map.ofEntries(
            Map.entry("payment.processing.v1", PAYMENT),
            Map.entry("payment.authorised.v1", PAYMENT),
            Map.entry("payment.paid.v1", PAYMENT),
            Map.entry("payment.settled.v1", PAYMENT),
            Map.entry("payment.failed.v1", PAYMENT),
            Map.entry("payment.refunded.v1", PAYMENT),
            Map.entry("inventory.low-stock-detected.v1", List.of(new Route("vendor:", "vendorId"))),
            Map.entry("inventory.restocked.v1", List.of(new Route("vendor:", "vendorId"))),
            Map.entry("notification.created.v1", List.of(new Route("user:", "userId"))),
            Map.entry(
                    "message.sent.v1",
                    List.of(
                            new Route("user:", "customerId"),
                            new Route("user:", "vendorId"),
                            new Route("conversation:", "conversationId"))),
            Map.entry(
                    "message.hidden.v1",
                    List.of(
                            new Route("user:", "customerId"),
                            new Route("user:", "vendorId"),
                            new Route("conversation:", "conversationId"))),
            Map.entry("cart.changed.v1", List.of(new Route("user:", "ownerId"), new Route("guestcart:", "tokenHash"))),
            Map.entry("vendor.verified.v1", List.of(new Route("user:", "userId"))),
            Map.entry(OrderTypes.PLACED, ORDER),
            Map.entry(OrderTypes.AWAITING_PAYMENT, ORDER),
            Map.entry(OrderTypes.REJECTED, ORDER),
            Map.entry(OrderTypes.PAID, ORDER),
            Map.entry(OrderTypes.PAYMENT_UPDATED, ORDER),
            Map.entry(OrderTypes.CANCELLED, ORDER),
            Map.entry(OrderTypes.REFUND_REQUESTED, ORDER),
            Map.entry(OrderTypes.EXPIRED, ORDER),
            Map.entry(OrderTypes.SHIPPED, ORDER),
            Map.entry(OrderTypes.DELIVERED, ORDER));

    /**
     * Events that end a user's streams on this replica, because what the stream was opened with no
     * longer holds; the client signs in again (or refreshes its token) and resumes from its position.
     */
    static final Map<String, String> ENDS_STREAMS =
            Map.of("user.deactivated.v1", "deactivated", "user.role-changed.v1", "role-changed");

    /** A channel of an event: the prefix, and the data field holding the rest of its name (or a list of them). */
    record Route(String prefix, String field) {}

    private static void addChannel(List<String> channels, String prefix, JsonNode value) {
        if (value != null && value.isString() && !value.asString().isBlank()) {
            channels.add(prefix + value.asString());
        }
    }

    /** The channels an event reaches per {@link #ROUTES}; none for a type that is not listed. */
    static List<String> channelsOf(EventEnvelope event) {
        List<Route> routes = ROUTES.getOrDefault(event.type(), List.of());
        List<String> channels = new ArrayList<>(routes.size());
        for (Route route : routes) {
            JsonNode value = event.data().get(route.field());
            if (value != null && value.isArray()) {
                for (JsonNode element : value) {
                    addChannel(channels, route.prefix(), element);
                }
            } else {
                addChannel(channels, route.prefix(), value);
            }
        }
        return channels;
    }
}
