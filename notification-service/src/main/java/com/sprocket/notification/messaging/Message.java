package com.sprocket.notification.messaging;

import java.time.Instant;
import java.util.UUID;

public record Message(UUID id, UUID conversationId, UUID senderId, String body, boolean hidden, Instant createdAt) {}
