package com.sprocket.gateway;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param services base URL of each service, by name (routes refer to them)
 * @param cors the PWA origins allowed to call the API from a browser
 * @param rateLimit per client (user id, or IP for guests): tokens added per second and bucket size
 * @param maxRequestSize the largest request body the edge forwards
 * @param trustedProxies address blocks (CIDR) of proxies in front of the gateway whose X-Forwarded-For is believed
 * @param publicReads anonymous catalog reads take the lean path ({@link PublicReads}); off, they take the full route
 */
@ConfigurationProperties("sprocket.gateway")
public record GatewayProperties(
        Map<String, String> services,
        Cors cors,
        RateLimit rateLimit,
        @DefaultValue("6MB") org.springframework.util.unit.DataSize maxRequestSize,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("true") boolean publicReads) {

    public record Cors(@DefaultValue List<String> allowedOrigins) {}

    public record RateLimit(
            @DefaultValue("50") int replenishPerSecond,
            @DefaultValue("100") int burst) {}
}
