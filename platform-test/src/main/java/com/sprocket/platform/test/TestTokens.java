package com.sprocket.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sprocket.platform.security.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints access tokens as identity-service will: RS256, issuer {@code sprocket-identity}, audience
 * {@code sprocket}, subject = user id, {@code roles} claim. The key pair lives for one test JVM; the
 * services under test read its public key from {@link #publicKeyLocation()}. Also mints the bad
 * tokens the permission tests throw at the services.
 */
public final class TestTokens {

    public static final String ISSUER = "sprocket-identity";
    public static final String AUDIENCE = "sprocket";

    private static final KeyPair KEYS = generate();
    private static final KeyPair STRANGER = generate();
    private static volatile String publicKeyLocation;

    private TestTokens() {}

    /** A user with a fresh id and a valid token for the given role. */
    public static TestUser user(Role role) {
        UUID id = UUID.randomUUID();
        return new TestUser(id, role, token(id, List.of(role)));
    }

    public static TestUser customer() {
        return user(Role.CUSTOMER);
    }

    public static TestUser vendor() {
        return user(Role.VENDOR);
    }

    public static TestUser admin() {
        return user(Role.ADMIN);
    }

    public static TestUser superAdmin() {
        return user(Role.SUPER_ADMIN);
    }

    public static String token(UUID subject, List<Role> roles) {
        return sign(KEYS, claims(subject, roles, ISSUER, AUDIENCE, Instant.now().plus(Duration.ofMinutes(15))));
    }

    /** A valid token that expires after {@code ttl} (a stream opened with it ends then). */
    public static String expiringIn(UUID subject, Role role, Duration ttl) {
        return sign(
                KEYS,
                claims(subject, List.of(role), ISSUER, AUDIENCE, Instant.now().plus(ttl)));
    }

    public static String expired(UUID subject, Role role) {
        return sign(
                KEYS,
                claims(subject, List.of(role), ISSUER, AUDIENCE, Instant.now().minus(Duration.ofHours(1))));
    }

    public static String wrongIssuer(UUID subject, Role role) {
        return sign(
                KEYS,
                claims(
                        subject,
                        List.of(role),
                        "someone-else",
                        AUDIENCE,
                        Instant.now().plusSeconds(600)));
    }

    public static String wrongAudience(UUID subject, Role role) {
        return sign(
                KEYS,
                claims(
                        subject,
                        List.of(role),
                        ISSUER,
                        "another-app",
                        Instant.now().plusSeconds(600)));
    }

    public static String signedByStranger(UUID subject, Role role) {
        return sign(
                STRANGER,
                claims(subject, List.of(role), ISSUER, AUDIENCE, Instant.now().plusSeconds(600)));
    }

    public static String unsigned(UUID subject, Role role) {
        return new PlainJWT(claims(
                        subject, List.of(role), ISSUER, AUDIENCE, Instant.now().plusSeconds(600)))
                .serialize();
    }

    /** A valid customer token whose payload was edited to claim admin: the signature no longer matches. */
    public static String tampered(UUID subject) {
        String[] parts = token(subject, List.of(Role.CUSTOMER)).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"customer\"", "\"admin\"");
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes());
        return String.join(".", Arrays.asList(parts));
    }

    /** {@code file:} URL of the PEM public key, written once per JVM. */
    public static String publicKeyLocation() {
        if (publicKeyLocation == null) {
            synchronized (TestTokens.class) {
                if (publicKeyLocation == null) {
                    publicKeyLocation = writePublicKey();
                }
            }
        }
        return publicKeyLocation;
    }

    private static String writePublicKey() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempFile("sprocket-test-jwt", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, pem);
            return file.toUri().toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(UUID subject, List<Role> roles, String issuer, String audience, Instant expiry) {
        return new JWTClaimsSet.Builder()
                .subject(subject.toString())
                .issuer(issuer)
                .audience(audience)
                .issueTime(
                        Date.from(expiry.isAfter(Instant.now()) ? Instant.now() : expiry.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", roles.stream().map(Role::claim).toList())
                .claim(
                        com.sprocket.platform.security.RevokedSubjects.ISSUED_MS,
                        (expiry.isAfter(Instant.now()) ? Instant.now() : expiry.minus(Duration.ofMinutes(15)))
                                .toEpochMilli())
                .build();
    }

    private static String sign(KeyPair keys, JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user of a test, with a valid bearer token. */
    public record TestUser(UUID id, Role role, String token) {

        public String bearer() {
            return "Bearer " + token;
        }
    }
}
