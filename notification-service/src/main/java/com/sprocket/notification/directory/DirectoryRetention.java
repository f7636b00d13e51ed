package com.sprocket.notification.directory;

import com.sprocket.notification.config.NotificationProperties;
import com.sprocket.platform.retention.PurgeRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the directory and the stream tickets forget: guest carts cart-service has purged by now (it
 * keeps an idle guest cart as long), and tickets a day after they expired.
 */
@Configuration(proxyBeanMethods = false)
class DirectoryRetention {

    @Bean
    PurgeRule idleGuestCarts(NotificationProperties properties) {
        return new PurgeRule("guest-carts", "guest_carts", "seen_at", properties.guestCartLifetime());
    }

    @Bean
    PurgeRule oldGuestOrders(NotificationProperties properties) {
        return new PurgeRule("guest-orders", "guest_orders", "seen_at", properties.guestOrderLifetime());
    }

    @Bean
    PurgeRule expiredStreamTickets() {
        return new PurgeRule("stream-tickets", "stream_tickets", "expires_at", java.time.Duration.ofDays(1));
    }
}
