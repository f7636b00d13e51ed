package com.sprocket.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param relayEnabled whether this replica relays (every replica may: they take turns safely)
 * @param sweepInterval how often the relay looks for rows even without a NOTIFY
 * @param batchSize rows published per transaction
 * @param retention how long published rows are kept before they are purged
 * @param purgeInterval how often the purge runs
 */
@ConfigurationProperties("sprocket.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("10m") Duration purgeInterval) {}
