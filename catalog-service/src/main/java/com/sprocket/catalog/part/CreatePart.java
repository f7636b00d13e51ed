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

/**
 * A new part. {@code vendorId} is only read when an admin creates a part for a vendor; a vendor's
 * parts are always their own.
 */
public record CreatePart(
        @Nullable UUID vendorId,
        @Nullable UUID categoryId,
        @NotBlank @Size(min = 3, max = 200) String title,
        @Size(max = 10000) @Nullable String description,
        @NotBlank @Size(max = 80) String brand,
        @Size(max = 20) @Nullable List<@NotBlank @Size(max = 64) String> partNumbers,
        @NotNull Condition condition,
        @NotNull @Min(0) @Max(100_000_000_00L) Long priceMinor,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        String currency,

        @NotNull @Min(0) @Max(1_000_000) Integer stock,
        @Min(0) @Max(1_000_000) @Nullable Integer lowStockThreshold,
        @Size(max = 50) @Nullable Map<@NotBlank @Size(max = 64) String, @NotNull @AttributeValue Object> attributes) {

    /** Text is validated as it will be stored: trimmed. */
    public CreatePart {
        title = Text.strip(title);
        brand = Text.strip(brand);
        partNumbers = Text.strip(partNumbers);
    }
}
