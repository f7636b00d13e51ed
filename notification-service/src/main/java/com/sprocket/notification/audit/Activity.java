package com.sprocket.notification.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One row of the audit log: who did what to which entity, when, according to which service. */
public record Activity(
        UUID id,
        String eventId,
        String eventType,
        @Nullable UUID actorId,
        String action,
        String entityType,
        String entityId,
        String source,
        String summary,
        Instant occurredAt) {}
