package com.sprocket.payment.config;

import static com.sprocket.platform.security.Role.ADMIN;
import static com.sprocket.platform.security.Role.CUSTOMER;
import static com.sprocket.platform.security.Role.SUPER_ADMIN;
import static com.sprocket.platform.security.Role.VENDOR;

import com.sprocket.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The Payments column of the permission matrix at URL level (super_admin: CRUD all; admin: read all;
 * customer and vendor: read own). The webhook is open here: its signature is checked by the endpoint.
 * Starting a payment and reading one are open at this level because guests use them with the order
 * token; the use cases decide who is the buyer or a reader. Refunds are for super admins (a customer
 * cancels the order instead); saved cards for their customers.
 */
@Configuration(proxyBeanMethods = false)
class PaymentAuthorization {

    @Bean
    AuthorizationRules paymentRules() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.POST, "/api/payments/webhooks/tj")
                .permitAll()
                .pathMatchers("/api/payments/methods", "/api/payments/methods/**")
                .hasAnyRole(CUSTOMER.name(), SUPER_ADMIN.name())
                .pathMatchers(HttpMethod.POST, "/api/payments/*/refunds")
                .hasRole(SUPER_ADMIN.name())
                .pathMatchers(HttpMethod.GET, "/api/payments")
                .hasAnyRole(CUSTOMER.name(), VENDOR.name(), ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers(HttpMethod.POST, "/api/payments")
                .permitAll()
                .pathMatchers(HttpMethod.GET, "/api/payments/*", "/api/payments/*/refunds")
                .permitAll();
    }
}
