package com.sprocket.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sprocket.identity.config.IdentityProperties;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The RS256 keys that sign access tokens, persisted in {@code signing_keys} so a restart (or another
 * replica) signs with the same key and nobody is logged out. Rotation without downtime: a new key
 * signs from now on, the retired one stays in the JWKS until every token it signed has expired
 * (access-token TTL plus a minute). Every replica reloads the set each minute.
 *
 * <p>The private keys sit in the identity database; in production that database (or a KMS-backed
 * replacement of this class) is the secret to protect.
 */
@Component
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final IdentityProperties properties;
    private volatile KeySet keys;

    SigningKeys(DatabaseClient db, TransactionalOperator tx, IdentityProperties properties) {
        this.db = db;
        this.tx = tx;
        this.properties = properties;
    }

    /** The current key set, loaded (and created on the very first start) on first use. */
    public Mono<KeySet> current() {
        KeySet loaded = keys;
        return loaded != null ? Mono.just(loaded) : reload();
    }

    /** Public keys of the JWKS: the signing key and the retired keys whose tokens may still be alive. */
    public Mono<Map<String, Object>> jwks() {
        return current()
                .map(set -> Map.of(
                        "keys", set.publicKeys().stream().map(JWK::toJSONObject).toList()));
    }

    /** Replaces the signing key now (super_admin, or the schedule below). */
    public Mono<KeySet> rotate() {
        Mono<Void> retireOld = db.sql(
                        "UPDATE signing_keys SET retired_at = now(), expires_at = now() + make_interval(secs => :grace)"
                                + " WHERE retired_at IS NULL")
                .bind("grace", (double)
                        properties.accessTokenTtl().plusMinutes(1).toSeconds())
                .then();
        return generate()
                .flatMap(key -> retireOld.then(insert(key)).as(tx::transactional))
                .doOnSuccess(ignored -> log.info("rotated the access-token signing key"))
                .then(reload());
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    Mono<KeySet> refresh() {
        return current()
                .flatMap(set -> set.signingKeyCreatedAt()
                                .plus(properties.keyRotationInterval())
                                .isBefore(Instant.now())
                        ? rotate()
                        : reload())
                .onErrorResume(error -> {
                    log.warn("could not refresh signing keys: {}", error.toString());
                    return Mono.empty();
                });
    }

    private Mono<KeySet> reload() {
        return db.sql("SELECT kid, private_key, public_key, created_at, retired_at FROM signing_keys"
                        + " WHERE expires_at IS NULL OR expires_at > now() ORDER BY created_at DESC")
                .map(row -> new StoredKey(
                        row.get("private_key", String.class),
                        row.get("public_key", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant(),
                        row.get("retired_at", OffsetDateTime.class) == null))
                .all()
                .collectList()
                .flatMap(stored ->
                        stored.stream().anyMatch(StoredKey::active) ? Mono.just(toKeySet(stored)) : createFirstKey())
                .doOnNext(set -> keys = set);
    }

    private Mono<KeySet> createFirstKey() {
        return generate().flatMap(this::insert).then(Mono.defer(this::reload));
    }

    private Mono<Void> insert(RSAKey key) {
        return db.sql("INSERT INTO signing_keys (kid, private_key, public_key) VALUES (:kid, :private, :public)")
                .bind("kid", key.getKeyID())
                .bind("private", key.toJSONString())
                .bind("public", key.toPublicJWK().toJSONString())
                .then();
    }

    /** RSA key generation takes a noticeable amount of CPU: off the event loop. */
    private static Mono<RSAKey> generate() {
        return Mono.fromCallable(() -> new RSAKeyGenerator(2048)
                        .keyID(UUID.randomUUID().toString())
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256)
                        .generate())
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static KeySet toKeySet(List<StoredKey> stored) {
        StoredKey signing = stored.stream()
                .filter(StoredKey::active)
                .max(Comparator.comparing(StoredKey::createdAt))
                .orElseThrow();
        try {
            List<RSAKey> publicKeys = stored.stream().map(StoredKey::publicKey).toList();
            return new KeySet(RSAKey.parse(signing.privateJson()), signing.createdAt(), publicKeys);
        } catch (ParseException e) {
            throw new IllegalStateException("unreadable signing key", e);
        }
    }

    /** The key that signs now and every public key a valid token may name. */
    public record KeySet(RSAKey signingKey, Instant signingKeyCreatedAt, List<RSAKey> publicKeys) {

        public List<JWK> verificationKeys() {
            return List.copyOf(publicKeys);
        }

        public String kid() {
            return signingKey.getKeyID();
        }

        public java.security.interfaces.RSAPrivateKey privateKey() {
            try {
                return signingKey.toRSAPrivateKey();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record StoredKey(String privateJson, String publicJson, Instant createdAt, boolean active) {

        RSAKey publicKey() {
            try {
                return RSAKey.parse(publicJson);
            } catch (ParseException e) {
                throw new IllegalStateException("unreadable public key", e);
            }
        }
    }
}
