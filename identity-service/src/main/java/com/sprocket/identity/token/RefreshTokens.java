package com.sprocket.identity.token;

import com.sprocket.identity.config.IdentityProperties;
import com.sprocket.platform.security.SecretTokens;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes and rotated on every use. All tokens that
 * descend from one login form a family; presenting a token that was already used means it leaked
 * (or a client raced itself), so the whole family is revoked and the user must log in again.
 */
@Component
public class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

    private final DatabaseClient db;
    private final IdentityProperties properties;

    RefreshTokens(DatabaseClient db, IdentityProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    /** A new token in a new family (a login) or in an existing one (a rotation). */
    public Mono<String> issue(UUID userId, UUID familyId) {
        String token = SecretTokens.newToken();
        return db.sql("INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)"
                        + " VALUES (:id, :user, :family, :hash, :expires)")
                .bind("id", UUID.randomUUID())
                .bind("user", userId)
                .bind("family", familyId)
                .bind("hash", hash(token))
                .bind("expires", OffsetDateTime.now().plus(properties.refreshTokenTtl()))
                .then()
                .thenReturn(token);
    }

    /**
     * Marks the token used and returns its owner and family; empty when the token is unknown, expired,
     * revoked or was used before, in which last case the family is revoked first. Run it in a
     * transaction together with issuing the successor.
     */
    public Mono<Use> use(String token) {
        String tokenHash = hash(token);
        return db.sql("UPDATE refresh_tokens t SET used_at = now() WHERE token_hash = :hash AND used_at IS NULL"
                        + " AND revoked_at IS NULL AND expires_at > now()"
                        // a family lives at most the absolute lifetime from its login, however often it rotates
                        + " AND (SELECT min(f.issued_at) FROM refresh_tokens f WHERE f.family_id = t.family_id)"
                        + " > now() - make_interval(secs => :absolute)"
                        + " RETURNING user_id, family_id")
                .bind("absolute", (double)
                        properties.refreshTokenAbsoluteLifetime().toSeconds())
                .bind("hash", tokenHash)
                .map(row -> new Use(row.get("user_id", UUID.class), row.get("family_id", UUID.class)))
                .one();
    }

    /** If the token was used before and its family is still alive, revokes the family: reuse detected. */
    public Mono<Boolean> detectReuse(String token) {
        return db.sql("UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id ="
                        + " (SELECT family_id FROM refresh_tokens WHERE token_hash = :hash AND used_at IS NOT NULL)")
                .bind("hash", hash(token))
                .fetch()
                .rowsUpdated()
                .map(revoked -> {
                    if (revoked > 0) {
                        log.warn("refresh token reuse detected: revoked a family of {} tokens", revoked);
                    }
                    return revoked > 0;
                });
    }

    /** Logout: revokes the family of the token; unknown tokens are ignored. */
    public Mono<Void> revokeFamilyOf(String token) {
        return db.sql("UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id ="
                        + " (SELECT family_id FROM refresh_tokens WHERE token_hash = :hash)")
                .bind("hash", hash(token))
                .then();
    }

    public Mono<Void> revokeAllOf(UUID userId) {
        return db.sql("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = :user AND revoked_at IS NULL")
                .bind("user", userId)
                .then();
    }

    static String hash(String token) {
        return SecretTokens.sha256Hex(token);
    }

    public record Use(UUID userId, UUID familyId) {}
}
