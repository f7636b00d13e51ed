package com.sprocket.catalog.part;

import java.time.Instant;
import java.util.UUID;

/** Payload of {@code part.deleted.v1}: the part is no longer sold. */
public record PartDeleted(UUID partId, UUID vendorId, int version, Instant deletedAt) {

    public static final String TYPE = "part.deleted.v1";
}
