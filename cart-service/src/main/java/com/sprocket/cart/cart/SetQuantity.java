package com.sprocket.cart.cart;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/** Set a line's quantity; 0 removes the line. */
public record SetQuantity(
        @NotNull @Min(0) @Max(99) Integer quantity,

        @Pattern(regexp = "[A-Za-z0-9_-]{8,64}", message = "must be 8-64 letters, digits, - or _") @Nullable
        String operationId,

        /** The cart version this write expects (instead of If-Match); null: any. */
        @Min(0) @Nullable Integer expectedVersion) {}
