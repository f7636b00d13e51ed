package com.sprocket.order.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLines lines in one order
 * @param maxQuantity units of one part in one order
 * @param cartSyncWait how long checkout waits for the cart read model to reach the version the buyer saw
 * @param expirySweep how often overdue unpaid orders are expired (the deadline itself comes from catalog's
 *     reservation, {@code sprocket.catalog.reservation-ttl})
 * @param expiryBatch overdue orders expired per transaction
 */
@ConfigurationProperties("sprocket.order")
public record OrderProperties(
        @DefaultValue("50") int maxLines,
        @DefaultValue("99") int maxQuantity,
        @DefaultValue("3s") Duration cartSyncWait,
        @DefaultValue("5s") Duration expirySweep,
        @DefaultValue("100") int expiryBatch) {}
