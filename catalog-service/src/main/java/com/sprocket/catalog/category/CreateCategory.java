package com.sprocket.catalog.category;

import com.sprocket.platform.web.Text;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

public record CreateCategory(
        @Nullable UUID parentId,
        @NotBlank @Size(max = 120) String name,

        @NotBlank
        @Size(max = 120)
        @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be lower-case words joined by dashes")
        String slug,

        @Min(0) @Max(10_000) @Nullable Integer position) {

    public CreateCategory {
        name = Text.strip(name);
    }
}
