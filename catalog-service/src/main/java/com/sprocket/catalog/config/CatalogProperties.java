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
 */
@ConfigurationProperties("sprocket.catalog")
public record CatalogProperties(
        Media media, @DefaultValue("15m") Duration reservationTtl) {

    public record Media(
            Path directory,
            @DefaultValue("5MB") DataSize maxBytes,
            @DefaultValue("10") int maxPerPart,
            @DefaultValue("/api/catalog/media") String publicBaseUrl) {}
}
