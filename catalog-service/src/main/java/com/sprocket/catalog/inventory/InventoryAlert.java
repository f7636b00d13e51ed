package com.sprocket.catalog.inventory;

import java.time.Instant;
import java.util.UUID;

/** A low-stock alert: open → acknowledged (by the vendor) → resolved (by a restock). */
public record InventoryAlert(
        UUID id,
        UUID partId,
        UUID vendorId,
        String status,
        int stock,
        int threshold,
        Instant createdAt,
        Instant acknowledgedAt,
        Instant resolvedAt) {}
