package com.sprocket.notification.messaging;

import com.sprocket.platform.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record SendMessage(@NotBlank @Size(max = 2000) String text) {

    public SendMessage {
        text = Text.strip(text);
    }
}
