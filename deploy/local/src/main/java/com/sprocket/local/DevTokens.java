package com.sprocket.local;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Development token issuer for the local suite until identity-service exists: one RSA key kept in
 * {@code .run/keys}, the services trust its public key, and demo users of every role get a
 * 12-hour token. Never used outside the local suite.
 */
final class DevTokens {

    /** Fixed demo identities, so demo data and tokens agree across restarts. */
    static final Map<String, UUID> DEMO_USERS = demoUsers();

    private DevTokens() {}

    static void createKeys(String directory) throws Exception {
        Path dir = Path.of(directory);
        Path privateKey = dir.resolve("jwt-private.pem");
        if (Files.exists(privateKey)) {
            return;
        }
        Files.createDirectories(dir);
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var keys = generator.generateKeyPair();
        Files.writeString(privateKey, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.writeString(
                dir.resolve("jwt-public.pem"),
                pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        System.out.println("created the development signing key in " + dir);
    }

    static void mintDemoTokens(String directory, String issuer, String audience) throws Exception {
        Path dir = Path.of(directory);
        PrivateKey key = readPrivateKey(dir.resolve("keys/jwt-private.pem"));
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        for (var user : DEMO_USERS.entrySet()) {
            String role = user.getKey().replaceAll("-\\d+$", "");
            Files.writeString(
                    tokens.resolve(user.getKey() + ".jwt"), token(key, user.getValue(), role, issuer, audience));
        }
    }

    static String token(String directory, String user) throws Exception {
        return Files.readString(Path.of(directory, "tokens", user + ".jwt")).strip();
    }

    private static String token(PrivateKey key, UUID subject, String role, String issuer, String audience)
            throws Exception {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .subject(subject.toString())
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(12))))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of(role))
                .build();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("local-dev").build(), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) key));
        return jwt.serialize();
    }

    private static PrivateKey readPrivateKey(Path file) throws Exception {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Map<String, UUID> demoUsers() {
        Map<String, UUID> users = new LinkedHashMap<>();
        users.put("customer", UUID.fromString("00000000-0000-4000-8000-000000000001"));
        users.put("admin", UUID.fromString("00000000-0000-4000-8000-000000000002"));
        users.put("super_admin", UUID.fromString("00000000-0000-4000-8000-000000000003"));
        for (int i = 1; i <= 5; i++) {
            users.put("vendor-" + i, UUID.fromString("00000000-0000-4000-8000-0000000001" + String.format("%02d", i)));
        }
        return users;
    }
}
