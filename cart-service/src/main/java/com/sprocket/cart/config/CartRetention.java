package com.sprocket.cart.config;

import com.sprocket.platform.retention.PurgeRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the cart service forgets, and when (the platform's {@code Retention} runs the rules in batches
 * until nothing is past retention, safely on several replicas): idle guest carts (their lines go with
 * them, ON DELETE CASCADE) and the operation ids that made retried writes no-ops.
 */
@Configuration(proxyBeanMethods = false)
class CartRetention {

    static final String GUEST_CARTS = "guest-carts";

    @Bean
    PurgeRule idleGuestCarts(CartProperties properties) {
        return new PurgeRule(GUEST_CARTS, "guest_carts", "last_activity_at", properties.guestTtl());
    }

    @Bean
    PurgeRule oldCartOperations(CartProperties properties) {
        return new PurgeRule("cart-operations", "cart_operations", "applied_at", properties.operationRetention());
    }
}
