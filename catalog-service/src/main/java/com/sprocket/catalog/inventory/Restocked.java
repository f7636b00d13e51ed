package com.sprocket.catalog.inventory;

import java.util.UUID;

/** Payload of {@code inventory.restocked.v1}: the part is above its threshold again; the alert is resolved. */
public record Restocked(UUID alertId, UUID partId, UUID vendorId, int stock, int threshold) {

    public static final String TYPE = "inventory.restocked.v1";
}
