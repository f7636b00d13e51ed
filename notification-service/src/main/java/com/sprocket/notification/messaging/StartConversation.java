package com.sprocket.notification.messaging;

import com.sprocket.platform.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

public record StartConversation(
        @NotNull UUID vendorId,
        @Nullable UUID partId,
        @Nullable UUID orderId,
        @NotBlank @Size(max = 2000) String text) {

    public StartConversation {
        text = Text.strip(text);
    }
}
