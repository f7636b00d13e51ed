package com.sprocket.catalog.part;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an upload made: its parts' ids, in the order they were sent. */
public record PartImport(UUID id, int count, List<UUID> partIds, Instant createdAt) {}
