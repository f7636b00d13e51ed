package com.sprocket.platform.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this replica purges (every replica may: batches skip rows another one holds)
 * @param interval how often every rule runs
 * @param batchSize rows deleted per statement; a rule repeats batches until nothing is past retention
 * @param inbox how long processed event ids are kept; longer than any redelivery can come (Kafka keeps
 *     records 7 days by default, so a later duplicate cannot arrive)
 */
@ConfigurationProperties("sprocket.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("14d") Duration inbox) {}
