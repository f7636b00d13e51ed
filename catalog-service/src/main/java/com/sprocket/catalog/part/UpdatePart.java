package com.sprocket.catalog.part;

import com.sprocket.platform.web.Text;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A partial update (PATCH): only the fields present change. Stock changes go through adjustments. */
public record UpdatePart(
        @Nullable UUID categoryId,
        @Size(min = 3, max = 200) @Nullable String title,
        @Size(max = 10000) @Nullable String description,
        @Size(min = 1, max = 80) @Nullable String brand,
        @Size(max = 20) @Nullable List<@NotBlank @Size(max = 64) String> partNumbers,
        @Nullable Condition condition,
        @Min(0) @Max(100_000_000_00L) @Nullable Long priceMinor,

        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") @Nullable
        String currency,

        @Min(0) @Max(1_000_000) @Nullable Integer lowStockThreshold,
        @Size(max = 50) @Nullable Map<@NotBlank @Size(max = 64) String, @NotNull @AttributeValue Object> attributes) {

    /** Text is validated as it will be stored: trimmed. */
    public UpdatePart {
        title = Text.strip(title);
        brand = Text.strip(brand);
        partNumbers = Text.strip(partNumbers);
    }
}
