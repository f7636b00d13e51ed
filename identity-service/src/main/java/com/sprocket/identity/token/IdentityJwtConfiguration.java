package com.sprocket.identity.token;

import com.nimbusds.jose.jwk.JWK;
import com.sprocket.identity.config.IdentityProperties;
import com.sprocket.platform.security.JwtProperties;
import com.sprocket.platform.security.SecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * identity-service checks its own tokens against its key set directly (no HTTP round trip to its own
 * JWKS), with exactly the validators every other service applies.
 */
@Configuration(proxyBeanMethods = false)
class IdentityJwtConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(
            SigningKeys keys,
            IdentityProperties identity,
            JwtProperties jwt,
            com.sprocket.platform.security.RevokedSubjects revoked) {
        var decoder = NimbusReactiveJwtDecoder.withJwkSource(signed -> keys.current()
                        .flatMapMany(set -> Flux.fromIterable(set.verificationKeys()))
                        .filter(key -> signed.getHeader().getKeyID() == null
                                || signed.getHeader().getKeyID().equals(key.getKeyID()))
                        .map(JWK.class::cast))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        var properties = new JwtProperties(
                null,
                null,
                identity.issuer(),
                identity.audience(),
                jwt.clockSkew(),
                jwt.jwksTtl(),
                jwt.jwksMinRefreshInterval(),
                jwt.revocationMemory());
        decoder.setJwtValidator(SecurityConfiguration.validator(properties, revoked));
        return decoder;
    }
}
