package com.sprocket.identity.config;

import static com.sprocket.platform.security.Role.ADMIN;
import static com.sprocket.platform.security.Role.SUPER_ADMIN;

import com.sprocket.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The "Users" column of the matrix at URL level: anyone registers and logs in; every signed-in user
 * reads and edits their own profile; admins manage all users (role grants of admin/super_admin are
 * checked further in the use case).
 */
@Configuration(proxyBeanMethods = false)
class IdentityAuthorization {

    @Bean
    AuthorizationRules identityRules() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/api/identity/.well-known/jwks.json")
                .permitAll()
                .pathMatchers(
                        HttpMethod.POST,
                        "/api/identity/register",
                        "/api/identity/login",
                        "/api/identity/refresh",
                        "/api/identity/logout")
                .permitAll()
                .pathMatchers("/api/identity/me")
                .authenticated()
                .pathMatchers("/api/identity/users/**", "/api/identity/keys/**")
                .hasAnyRole(ADMIN.name(), SUPER_ADMIN.name());
    }
}
