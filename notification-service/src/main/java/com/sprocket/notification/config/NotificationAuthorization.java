package com.sprocket.notification.config;

import static com.sprocket.platform.security.Role.ADMIN;
import static com.sprocket.platform.security.Role.CUSTOMER;
import static com.sprocket.platform.security.Role.SUPER_ADMIN;
import static com.sprocket.platform.security.Role.VENDOR;

import com.sprocket.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * URL-level rules: the audit log is the matrix's "Security" column (admins read, super_admin full
 * control); conversations are started by customers; participants (checked in the use case) and
 * admins read them. Everything else needs a signed-in user.
 */
@Configuration(proxyBeanMethods = false)
class NotificationAuthorization {

    @Bean
    AuthorizationRules notificationRules() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/realtime/stream")
                .permitAll() // users by token, guests by cart token, anyone by ticket: decided in RealtimeController
                .pathMatchers(HttpMethod.POST, "/api/realtime/tickets")
                .permitAll() // users by token, guests by the token of a live guest cart
                .pathMatchers(HttpMethod.DELETE, "/api/audit/**")
                .hasRole(SUPER_ADMIN.name())
                .pathMatchers("/api/audit/**")
                .hasAnyRole(ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers(HttpMethod.POST, "/api/messages/conversations")
                .hasRole(CUSTOMER.name())
                .pathMatchers(HttpMethod.POST, "/api/messages/messages/*/hide")
                .hasAnyRole(ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers("/api/messages/**")
                .hasAnyRole(CUSTOMER.name(), VENDOR.name(), ADMIN.name(), SUPER_ADMIN.name());
    }
}
