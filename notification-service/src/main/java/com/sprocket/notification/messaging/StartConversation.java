package com.sprocket.notification.messaging;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

public record StartConversation(
        @NotNull UUID vendorId,
        UUID partId,
        UUID orderId,
        @NotBlank @Size(max = 2000) String text) {}
