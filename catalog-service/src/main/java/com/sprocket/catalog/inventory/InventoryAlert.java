package com.sprocket.catalog.inventory;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A low-stock alert: open → acknowledged (by the vendor) → resolved (by a restock). */
public record InventoryAlert(
        UUID id,
        UUID partId,
        UUID vendorId,

        @Schema(allowableValues = {"open", "acknowledged", "resolved"})
        String status,

        int stock,
        int threshold,
        Instant createdAt,
        @Nullable Instant acknowledgedAt,
        @Nullable Instant resolvedAt) {}
