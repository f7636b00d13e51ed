package com.sprocket.catalog.config;

import static com.sprocket.platform.security.Role.ADMIN;
import static com.sprocket.platform.security.Role.CUSTOMER;
import static com.sprocket.platform.security.Role.SUPER_ADMIN;
import static com.sprocket.platform.security.Role.VENDOR;

import com.sprocket.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The catalog's cells of the permission matrix at URL level ("Products": guests and customers read
 * all, vendors CRUD own, admins CRUD all). Ownership ("own") is checked in the use cases.
 */
@Configuration(proxyBeanMethods = false)
class CatalogAuthorization {

    @Bean
    AuthorizationRules catalogRules() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/catalog/inventory/**")
                .hasAnyRole(VENDOR.name(), ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers(HttpMethod.GET, "/api/catalog/**")
                .permitAll()
                .pathMatchers(HttpMethod.POST, "/api/catalog/parts/*/reviews")
                .hasRole(CUSTOMER.name())
                .pathMatchers(HttpMethod.POST, "/api/catalog/reviews/*/hide", "/api/catalog/reviews/*/unhide")
                .hasAnyRole(ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers("/api/catalog/reviews/**")
                .hasAnyRole(CUSTOMER.name(), ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers("/api/catalog/categories/**")
                .hasAnyRole(ADMIN.name(), SUPER_ADMIN.name())
                .pathMatchers("/api/catalog/parts/**", "/api/catalog/inventory/**")
                .hasAnyRole(VENDOR.name(), ADMIN.name(), SUPER_ADMIN.name());
    }
}
