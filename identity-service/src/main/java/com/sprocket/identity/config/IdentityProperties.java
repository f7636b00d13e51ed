package com.sprocket.identity.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param issuer the {@code iss} of access tokens (services check it)
 * @param audience the {@code aud} of access tokens
 * @param accessTokenTtl lifetime of an access token; also how long a retired signing key stays in the JWKS
 * @param refreshTokenTtl lifetime of a refresh token family member
 * @param refreshTokenAbsoluteLifetime how long a login lasts at most, however often its refresh token
 *     rotates; then the user logs in again
 * @param keyRotationInterval age after which the signing key is replaced
 * @param maxFailedLogins failed logins in a row that lock an account
 * @param lockout how long the lock lasts
 * @param expiredRefreshTokenRetention how long a refresh token's row outlives its expiry (reuse of an
 *     expired token is refused either way; the row only helps to trace a family)
 */
@ConfigurationProperties("sprocket.identity")
public record IdentityProperties(
        @DefaultValue("sprocket-identity") String issuer,
        @DefaultValue("sprocket") String audience,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("90d") Duration refreshTokenAbsoluteLifetime,
        @DefaultValue("30d") Duration keyRotationInterval,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("1d") Duration expiredRefreshTokenRetention,
        @DefaultValue("") String bootstrapSuperAdminEmail,
        @DefaultValue("") String bootstrapSuperAdminPassword) {}
