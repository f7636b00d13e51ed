package com.sprocket.catalog.part;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A stock movement: positive for goods received, negative for goods gone. */
public record AdjustStock(
        @NotNull @Min(-1_000_000) @Max(1_000_000) Integer delta,
        @Size(max = 200) @Nullable String reason) {}
