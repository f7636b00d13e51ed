package com.sprocket.catalog.review;

import com.sprocket.platform.web.Text;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

public record WriteReview(
        @NotNull @Min(1) @Max(5) Integer rating,
        @Size(max = 4000) @Nullable String body) {

    public WriteReview {
        body = Text.strip(body);
    }
}
