package com.sprocket.order.config;

import static com.sprocket.platform.security.Role.ADMIN;
import static com.sprocket.platform.security.Role.CUSTOMER;
import static com.sprocket.platform.security.Role.SUPER_ADMIN;
import static com.sprocket.platform.security.Role.VENDOR;

import com.sprocket.platform.api.ApiDocumentation;
import com.sprocket.platform.security.AuthorizationRules;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * The Orders column of the permission matrix at URL level (guest: read own; customer: CRUD own; vendor:
 * read related and fulfil their shipments; admin: CRUD all). Checkout is for customers, admins and
 * guests who send their cart token, decided here before the body is read (a vendor gets 403, a guest
 * without a cart token 401, whatever they send); reading and cancelling one order are open at this
 * level because guests use them with the order token, and the use cases decide ownership. Shipping
 * zones and tax rates: everyone reads, admins write.
 */
@Configuration(proxyBeanMethods = false)
class OrderAuthorization {

    private static final Set<String> BUYERS = Set.of(CUSTOMER.authority(), ADMIN.authority(), SUPER_ADMIN.authority());

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
                .pathMatchers(HttpMethod.POST, "/api/orders")
                .access(OrderAuthorization::buyerOrGuestWithCart)
                .pathMatchers(HttpMethod.POST, "/api/orders/*/cancel")
                .permitAll()
                .pathMatchers(HttpMethod.GET, "/api/orders/*")
                .permitAll();
    }

    /** A customer or admin; or a guest who sends a cart token (checking it is the use case's work). */
    private static Mono<AuthorizationResult> buyerOrGuestWithCart(
            Mono<Authentication> authentication, AuthorizationContext context) {
        boolean cartToken =
                context.getExchange().getRequest().getHeaders().getFirst(ApiDocumentation.CART_TOKEN_HEADER) != null;
        return authentication
                .filter(caller -> !(caller instanceof AnonymousAuthenticationToken) && caller.isAuthenticated())
                .map(caller -> caller.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .anyMatch(BUYERS::contains))
                .defaultIfEmpty(cartToken)
                .map(allowed -> new AuthorizationDecision(allowed));
    }
}
