package com.sprocket.identity.config;

import com.sprocket.platform.retention.PurgeRule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Expired refresh tokens are deleted a while after they expire (the platform's Retention runs it). */
@Configuration(proxyBeanMethods = false)
class IdentityRetention {

    @Bean
    PurgeRule expiredRefreshTokens(IdentityProperties properties) {
        return new PurgeRule(
                "refresh-tokens", "refresh_tokens", "expires_at", properties.expiredRefreshTokenRetention());
    }
}
