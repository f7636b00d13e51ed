package com.sprocket.platform.kafka;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.events.MalformedEventException;
import com.sprocket.platform.security.RevokedSubjects;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import tools.jackson.databind.JsonNode;

/**
 * Feeds {@link RevokedSubjects} from identity's events: deactivations, reactivations and role
 * changes decide which of a user's tokens this service still accepts. Every replica has its own consumer group and, on start,
 * reads back {@code memory} of history (by timestamp), so a replica started a minute after a
 * deactivation still refuses the old token. Nothing is stored, so there is no inbox: applying an
 * event twice changes nothing.
 */
public class RevocationListener implements ConsumerSeekAware {

    public static final String ID = "sprocket-revocations";
    public static final String TOPIC = "identity.users";
    static final Set<String> REVOKING = Set.of("user.deactivated.v1", "user.reactivated.v1", "user.role-changed.v1");

    private static final Logger log = LoggerFactory.getLogger(RevocationListener.class);

    private final RevokedSubjects revoked;
    private final EventCodec codec;
    private final Duration memory;

    public RevocationListener(RevokedSubjects revoked, EventCodec codec, Duration memory) {
        this.revoked = revoked;
        this.codec = codec;
        this.memory = memory;
    }

    @KafkaListener(
            id = ID,
            idIsGroup = false,
            topics = TOPIC,
            groupId = "${spring.application.name:sprocket}-revocations-#{T(java.util.UUID).randomUUID()}",
            properties = {"auto.offset.reset=latest"})
    void on(ConsumerRecord<String, String> record) {
        EventEnvelope event;
        try {
            event = codec.read(record.value());
        } catch (MalformedEventException e) {
            log.debug("revocations skip a malformed record: {}", e.getMessage());
            return;
        }
        if (!REVOKING.contains(event.type())) {
            return;
        }
        JsonNode user = event.data().get("userId");
        if (user == null || !user.isString()) {
            return;
        }
        Instant at = event.time() != null ? event.time() : Instant.now();
        switch (event.type()) {
            case "user.deactivated.v1" -> revoked.deactivated(user.asString(), at);
            case "user.reactivated.v1" -> revoked.reactivated(user.asString(), at);
            default -> {
                JsonNode role = event.data().get("to");
                if (role != null && role.isString()) {
                    revoked.roleChanged(user.asString(), role.asString(), at);
                }
            }
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToTimestamp(
                assignments.keySet(), Instant.now().minus(memory).toEpochMilli());
    }
}
