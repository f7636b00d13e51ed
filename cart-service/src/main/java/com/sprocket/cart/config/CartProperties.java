package com.sprocket.cart.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLines different parts in one cart
 * @param maxQuantity units of one part in one cart
 * @param guestTtl a guest cart idle this long is deleted
 * @param operationRetention how long an operation id keeps a retried write a no-op
 */
@ConfigurationProperties("sprocket.cart")
public record CartProperties(
        @DefaultValue("50") int maxLines,
        @DefaultValue("99") int maxQuantity,
        @DefaultValue("30d") Duration guestTtl,
        @DefaultValue("7d") Duration operationRetention) {}
