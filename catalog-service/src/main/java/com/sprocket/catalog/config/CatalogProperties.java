package com.sprocket.catalog.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param media where vendor images live and how many and how large they may be
 * @param reservationTtl how long stock stays reserved for an order awaiting payment (order-service
 *     expires the order at that time, and the release follows from its event)
 * @param partCache this replica's copy of recently read parts (guests' and customers' part pages)
 */
@ConfigurationProperties("sprocket.catalog")
public record CatalogProperties(
        Media media,
        @DefaultValue("15m") Duration reservationTtl,
        @DefaultValue PartCache partCache) {

    /**
     * @param maxParts how many parts the copy holds at most (least recently used leave first)
     * @param ttl the longest an entry is served, even when no event arrives (Kafka down)
     */
    public record PartCache(
            @DefaultValue("10000") int maxParts,
            @DefaultValue("30s") Duration ttl) {}

    public record Media(
            Path directory,
            @DefaultValue("5MB") DataSize maxBytes,
            @DefaultValue("10") int maxPerPart,
            @DefaultValue("/api/catalog/media") String publicBaseUrl) {}
}
