package com.sprocket.catalog.part;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * The images shown for a part, first is primary: ids of media uploaded for this part. Leaving one
 * out detaches it from the listing (the upload is kept until deleted).
 */
public record ReorderImages(@NotNull @Size(max = 10) List<@NotNull UUID> mediaIds) {}
