package com.sprocket.catalog.inventory;

import java.util.UUID;

/** Payload of {@code inventory.low-stock-detected.v1} on {@code catalog.inventory}. */
public record LowStockDetected(UUID alertId, UUID partId, UUID vendorId, String title, int stock, int threshold) {

    public static final String TYPE = "inventory.low-stock-detected.v1";
}
