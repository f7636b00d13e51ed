package com.sprocket.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param relayEnabled whether this replica may relay (one replica relays at a time: the one holding the
 *     relay lock)
 * @param sweepInterval how often the relay looks for rows even without a NOTIFY (and a standby replica
 *     tries to take over)
 * @param batchSize rows claimed per round trip
 * @param retryBackoff first delay before a record that failed to publish is tried again (doubled per
 *     attempt, up to {@code maxRetryBackoff})
 * @param maxRetryBackoff longest delay between attempts of one record, and of the relay after a broker
 *     outage
 * @param parkAfterAttempts failed attempts (while the broker answers) after which a record is parked: it
 *     stops being retried and holds back only the later events of its own key
 * @param stallAfter health is DOWN when the relay loop has not completed a cycle for this long
 * @param monitorInterval how often backlog, oldest age and parked gauges are read (on every replica,
 *     independently of the relay)
 * @param retention how long published rows are kept before they are purged
 */
@ConfigurationProperties("sprocket.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("30s") Duration maxRetryBackoff,
        @DefaultValue("10") int parkAfterAttempts,
        @DefaultValue("3m") Duration stallAfter,
        @DefaultValue("10s") Duration monitorInterval,
        @DefaultValue("7d") Duration retention) {}
