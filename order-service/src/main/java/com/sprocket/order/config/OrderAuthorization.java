package com.sprocket.order.config;

import static com.sprocket.platform.security.Role.ADMIN;
import static com.sprocket.platform.security.Role.CUSTOMER;
import static com.sprocket.platform.security.Role.SUPER_ADMIN;
import static com.sprocket.platform.security.Role.VENDOR;

import com.sprocket.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The Orders column of the permission matrix at URL level (guest: read own; customer: CRUD own; vendor:
 * read related and fulfil their shipments; admin: CRUD all). Checkout, reading and cancelling one order
 * are open at this level because guests use them with a cart or order token; the use cases decide
 * ownership. Shipping zones and tax rates: everyone reads, admins write.
 */
@Configuration(proxyBeanMethods = false)
class OrderAuthorization {

    @Bean
    AuthorizationRules orderRules() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/orders/shipping-zones", "/api/orders/shipping-zones/*")
                .permitAll()
                .pathMatchers("/api/orders/shipping-zones/**")
                .hasAnyRole(ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers("/api/orders/vendor", "/api/orders/vendor/**", "/api/orders/*/shipments/**")
                .hasAnyRole(VENDOR.name(), ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers(HttpMethod.GET, "/api/orders")
                .hasAnyRole(CUSTOMER.name(), ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers(HttpMethod.POST, "/api/orders", "/api/orders/*/cancel")
                .permitAll()
                .pathMatchers(HttpMethod.GET, "/api/orders/*")
                .permitAll();
    }
}
