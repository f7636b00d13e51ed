package com.sprocket.cart.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLines different parts in one cart
 * @param maxQuantity units of one part in one cart
 * @param guestTtl a guest cart idle this long is deleted
 * @param cleanupInterval how often expired guest carts are looked for
 */
@ConfigurationProperties("sprocket.cart")
public record CartProperties(
        @DefaultValue("50") int maxLines,
        @DefaultValue("99") int maxQuantity,
        @DefaultValue("30d") Duration guestTtl,
        @DefaultValue("10m") Duration cleanupInterval) {}
