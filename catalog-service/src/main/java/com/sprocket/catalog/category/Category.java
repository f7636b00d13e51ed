package com.sprocket.catalog.category;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A node of the category tree; {@code children} is filled only in the tree view. */
public record Category(
        UUID id, @Nullable UUID parentId, String name, String slug, int position, List<Category> children) {}
