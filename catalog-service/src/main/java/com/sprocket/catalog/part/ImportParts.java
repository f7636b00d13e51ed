package com.sprocket.catalog.part;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A vendor's catalogue upload: up to {@value #MAX} parts, created together or not at all. Each part
 * is what {@code POST /api/catalog/parts} takes; admins name each part's vendor.
 */
public record ImportParts(
        @NotNull @Size(min = 1, max = MAX, message = "must hold 1 to " + MAX + " parts; split a larger catalogue")
        List<@NotNull @Valid CreatePart> parts) {

    public static final int MAX = 100;
}
