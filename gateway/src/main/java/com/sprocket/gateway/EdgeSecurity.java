package com.sprocket.gateway;

import com.sprocket.platform.security.AuthorizationRules;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Authentication at the edge: anonymous only where the permission matrix allows it (guest reads,
 * sign-up and login, the JWKS, API docs, provider webhooks); everything else needs a valid token,
 * which is then passed on untouched, because every service checks it again (zero trust) and applies
 * roles and ownership. CORS runs before security so browser preflights are answered.
 */
@Configuration(proxyBeanMethods = false)
class EdgeSecurity {

    @Bean
    AuthorizationRules edgeRules() {
        return exchanges -> exchanges
                .pathMatchers(HttpMethod.OPTIONS)
                .permitAll()
                .pathMatchers(HttpMethod.GET, PublicReads.PATHS, "/.well-known/jwks.json", "/v3/api-docs/**")
                .permitAll()
                .pathMatchers(
                        HttpMethod.POST,
                        "/api/identity/register",
                        "/api/identity/login",
                        "/api/identity/refresh",
                        "/api/identity/logout")
                .permitAll()
                .pathMatchers(HttpMethod.GET, "/api/identity/.well-known/jwks.json")
                .permitAll()
                .pathMatchers("/api/carts/**", "/api/realtime/stream", "/api/realtime/tickets")
                .permitAll() // guests shop with a cart token; the services decide
                .pathMatchers(HttpMethod.POST, "/api/orders", "/api/orders/*/cancel")
                .permitAll() // guests check out with a cart token and cancel with the order token
                .pathMatchers(HttpMethod.GET, "/api/orders/shipping-zones", "/api/orders/shipping-zones/*")
                .permitAll()
                .pathMatchers(HttpMethod.GET, "/api/orders/*")
                .permitAll() // a guest reads the order with its X-Order-Token; order-service decides
                .pathMatchers(HttpMethod.POST, "/api/payments/webhooks/**")
                .permitAll() // the provider signs its webhooks; payment-service checks the signature
                .pathMatchers(HttpMethod.POST, "/api/payments")
                .permitAll() // a guest pays with the order's X-Order-Token; payment-service decides
                .pathMatchers(HttpMethod.GET, "/api/payments/*", "/api/payments/*/refunds")
                .permitAll() // ... and follows the payment with it
                .pathMatchers("/fallback/**")
                .permitAll();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    CorsWebFilter corsWebFilter(GatewayProperties properties) {
        var cors = new CorsConfiguration();
        cors.setAllowedOrigins(
                properties.cors() == null ? List.of() : properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of(
                HttpHeaders.AUTHORIZATION,
                HttpHeaders.CONTENT_TYPE,
                HttpHeaders.IF_MATCH,
                "X-Cart-Token",
                "X-Order-Token",
                "Last-Event-ID",
                RequestIds.HEADER,
                "Idempotency-Key"));
        cors.setExposedHeaders(List.of(
                HttpHeaders.ETAG,
                HttpHeaders.LOCATION,
                HttpHeaders.RETRY_AFTER,
                RequestIds.HEADER,
                "X-RateLimit-Remaining"));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofHours(1));
        var source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return new CorsWebFilter(source);
    }
}
