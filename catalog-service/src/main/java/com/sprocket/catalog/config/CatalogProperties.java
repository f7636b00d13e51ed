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
     * @param maxSize how much heap the copy may take, estimated from each part's text (least recently
     *     used parts leave first): a part is ~1-2 KB, one with a 10,000-character description ~20 KB
     * @param ttl the longest an entry is served, even when no event arrives (Kafka down)
     */
    public record PartCache(
            @DefaultValue("32MB") DataSize maxSize,
            @DefaultValue("30s") Duration ttl) {}

    public record Media(
            Path directory,
            @DefaultValue("5MB") DataSize maxBytes,
            @DefaultValue("10") int maxPerPart,
            @DefaultValue("/api/catalog/media") String publicBaseUrl) {}
}
