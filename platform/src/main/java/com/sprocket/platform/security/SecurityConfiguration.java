package com.sprocket.platform.security;

import com.sprocket.platform.web.ProblemWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Zero trust: every service checks the access token itself (RS256 only, issuer, audience, expiry
 * with a small clock skew) and maps the {@code roles} claim to authorities. Failures are
 * problem+json 401/403.
 */
@AutoConfiguration(
        beforeName =
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration")
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain sprocketSecurity(
            ServerHttpSecurity http, ObjectProvider<AuthorizationRules> rules, ProblemWriter problems) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.disable())
                // stateless: the bearer token is the context. The default repository reads a WebSession
                // on every request, and creating one (InMemoryWebSessionStore) hops to boundedElastic
                // and back to parallel for its id: two thread switches per request, a third of a
                // service's samples in a profile of part pages
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> {
                    exchanges
                            .pathMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                            .permitAll()
                            .pathMatchers(
                                    HttpMethod.GET,
                                    "/v3/api-docs/**",
                                    "/swagger-ui.html",
                                    "/swagger-ui/**",
                                    "/webjars/**")
                            .permitAll()
                            .pathMatchers("/actuator/**")
                            .hasAnyRole(Role.ADMIN.name(), Role.SUPER_ADMIN.name());
                    rules.orderedStream().forEach(rule -> rule.configure(exchanges));
                    exchanges.anyExchange().authenticated();
                })
                .oauth2ResourceServer(
                        server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter()))
                                .authenticationEntryPoint((exchange, error) -> problems.write(
                                        exchange, HttpStatus.UNAUTHORIZED, "A valid bearer token is required."))
                                .accessDeniedHandler((exchange, error) -> problems.write(
                                        exchange, HttpStatus.FORBIDDEN, "Your role does not allow this.")))
                .exceptionHandling(handling -> handling.authenticationEntryPoint((exchange, error) ->
                                problems.write(exchange, HttpStatus.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((exchange, error) ->
                                problems.write(exchange, HttpStatus.FORBIDDEN, "Your role does not allow this.")))
                .build();
    }

    @Bean
    RevokedSubjects revokedSubjects(JwtProperties properties) {
        return new RevokedSubjects(properties.revocationMemory(), java.time.Clock.systemUTC());
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties, RevokedSubjects revoked) {
        NimbusReactiveJwtDecoder decoder = properties.jwkSetUri() != null
                ? new NimbusReactiveJwtDecoder(new JwksKeys(
                        org.springframework.web.reactive.function.client.WebClient.create(),
                        properties.jwkSetUri(),
                        properties.jwksTtl(),
                        properties.jwksMinRefreshInterval(),
                        java.time.Clock.systemUTC()))
                : NimbusReactiveJwtDecoder.withPublicKey(publicKey(properties))
                        .signatureAlgorithm(SignatureAlgorithm.RS256)
                        .build();
        decoder.setJwtValidator(validator(properties, revoked));
        return decoder;
    }

    /**
     * The checks every Sprocket access token passes: expiry (with skew), issuer, audience, UUID subject,
     * and not issued before its user was deactivated or changed role.
     */
    public static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, RevokedSubjects revoked) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        validators.add(new JwtIssuerValidator(properties.issuer()));
        validators.add(new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience())));
        validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, expiry -> expiry != null));
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, SecurityConfiguration::isUuid));
        validators.add(revoked.validator());
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static boolean isUuid(String subject) {
        try {
            java.util.UUID.fromString(subject);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ReactiveJwtAuthenticationConverterAdapter authenticationConverter() {
        var authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        var converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> authorities.convert(jwt).stream()
                .map(authority -> (org.springframework.security.core.GrantedAuthority)
                        new org.springframework.security.core.authority.SimpleGrantedAuthority(
                                authority.getAuthority().toUpperCase(java.util.Locale.ROOT)))
                .toList());
        return new ReactiveJwtAuthenticationConverterAdapter(converter);
    }

    /** Read once at start-up, on the main thread. */
    private static RSAPublicKey publicKey(JwtProperties properties) {
        if (properties.publicKeyLocation() == null) {
            throw new IllegalStateException(
                    "Set sprocket.security.jwt.jwk-set-uri (identity-service JWKS) or sprocket.security.jwt.public-key-location");
        }
        try (InputStream in = properties.publicKeyLocation().getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            var spec = new X509EncodedKeySpec(Base64.getDecoder().decode(pem));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the JWT public key " + properties.publicKeyLocation(), e);
        }
    }
}
