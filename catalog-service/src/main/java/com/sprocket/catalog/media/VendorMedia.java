package com.sprocket.catalog.media;

import java.time.Instant;
import java.util.UUID;

/** An image a vendor uploaded for one of their parts. */
public record VendorMedia(
        UUID id, UUID vendorId, UUID partId, String url, String contentType, int sizeBytes, Instant createdAt) {}
