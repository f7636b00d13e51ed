package com.sprocket.catalog.part;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A partial update (PATCH): only the fields present change. Stock changes go through adjustments. */
public record UpdatePart(
        UUID categoryId,
        @Size(min = 3, max = 200) String title,
        @Size(max = 10000) String description,
        @Size(min = 1, max = 80) String brand,
        @Size(max = 20) List<@NotBlank @Size(max = 64) String> partNumbers,
        Condition condition,
        @Min(0) @Max(100_000_000_00L) Long priceMinor,

        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        String currency,

        @Min(0) @Max(1_000_000) Integer lowStockThreshold,
        @Size(max = 50) Map<@Size(max = 64) String, Object> attributes) {}
