package com.sprocket.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * How access tokens are checked. Production sets {@code jwk-set-uri} (identity-service's JWKS);
 * {@code public-key-location} (an RSA public key in PEM) serves tests and the local suite until
 * identity-service exists. JWKS keys are kept {@code jwksTtl} and re-read at most every
 * {@code jwksMinRefreshInterval} when a token names a key id not in the set. A deactivation or role
 * change is remembered {@code revocationMemory} (at least the access-token lifetime) to refuse the
 * user's older tokens (see {@link RevokedSubjects}).
 */
@ConfigurationProperties("sprocket.security.jwt")
public record JwtProperties(
        String jwkSetUri,
        Resource publicKeyLocation,
        @DefaultValue("sprocket-identity") String issuer,
        @DefaultValue("sprocket") String audience,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("5m") Duration jwksTtl,
        @DefaultValue("30s") Duration jwksMinRefreshInterval,
        @DefaultValue("1h") Duration revocationMemory) {}
