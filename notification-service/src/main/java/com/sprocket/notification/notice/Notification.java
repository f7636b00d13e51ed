package com.sprocket.notification.notice;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An entry of a user's notifications inbox. */
public record Notification(
        UUID id,
        UUID userId,
        String type,
        String title,
        String body,
        @Nullable Instant readAt,
        Instant createdAt) {}
