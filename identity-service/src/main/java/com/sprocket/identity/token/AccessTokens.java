package com.sprocket.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sprocket.identity.config.IdentityProperties;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Mints RS256 access tokens: kid, iss, aud, sub (user id), roles, email, short TTL. */
@Component
public class AccessTokens {

    private final SigningKeys keys;
    private final IdentityProperties properties;

    AccessTokens(SigningKeys keys, IdentityProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    /** A token for the user with this id, role claim and email. */
    public Mono<String> mint(UUID userId, String role, String email) {
        return keys.current().map(set -> sign(set, userId, role, email));
    }

    public long ttlSeconds() {
        return properties.accessTokenTtl().toSeconds();
    }

    private String sign(SigningKeys.KeySet set, UUID userId, String role, String email) {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.accessTokenTtl())))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of(role))
                .claim("email", email)
                // iat has whole seconds; services tell tokens minted just before and just after a
                // reactivation apart by this (see RevokedSubjects)
                .claim(com.sprocket.platform.security.RevokedSubjects.ISSUED_MS, now.toEpochMilli())
                .build();
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(set.kid())
                .type(JOSEObjectType.JWT)
                .build();
        try {
            var jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(set.privateKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
    }
}
