package com.sprocket.payment.payment;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** A refund: part of the captured amount, or (without an amount) all that is left. */
public record RefundRequest(
        @Min(1) @Max(100_000_000) @Schema(description = "Minor units; all that is left when absent") @Nullable
        Long amountMinor,

        @NotBlank @Size(max = 500) String reason) {}
