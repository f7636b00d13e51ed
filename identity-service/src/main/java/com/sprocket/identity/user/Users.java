package com.sprocket.identity.user;

import com.sprocket.platform.security.Role;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The user_profiles table. Emails are stored lower-case. */
@Repository
public class Users {

    public static final String COLUMNS = """
            id, email, password_hash, display_name, role, vendor_company, vendor_verified_at, vendor_verified_by,
            active, failed_logins, locked_until, created_at, updated_at""";

    private final DatabaseClient db;

    Users(DatabaseClient db) {
        this.db = db;
    }

    public Mono<UserProfile> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM user_profiles WHERE id = :id")
                .bind("id", id)
                .map(Users::toUser)
                .one();
    }

    Mono<UserProfile> findByEmail(String email) {
        return db.sql("SELECT " + COLUMNS + " FROM user_profiles WHERE email = :email")
                .bind("email", email)
                .map(Users::toUser)
                .one();
    }

    /** Inserts a new user; empty when the email is taken. */
    public Mono<UserProfile> insert(
            UUID id, String email, String passwordHash, String displayName, Role role, String company) {
        return db.sql("INSERT INTO user_profiles (id, email, password_hash, display_name, role, vendor_company)"
                        + " VALUES (:id, :email, :hash, :name, :role, :company)"
                        + " ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("email", email)
                .bind("hash", Parameter.fromOrEmpty(passwordHash, String.class))
                .bind("name", displayName)
                .bind("role", role.claim())
                .bind("company", Parameter.fromOrEmpty(company, String.class))
                .map(Users::toUser)
                .one();
    }

    /**
     * Takes one of the account's password attempts, atomically, before the password is checked: at
     * most {@code maxFailures} checks can be in flight or have failed since the last success, however
     * many requests race. Empty when the account is locked, inactive, or out of attempts.
     */
    Mono<Integer> reserveAttempt(UUID id, int maxFailures) {
        return db.sql("""
                        UPDATE user_profiles SET failed_logins = failed_logins + 1
                        WHERE id = :id AND active AND failed_logins < :max
                          AND (locked_until IS NULL OR locked_until <= now())
                        RETURNING failed_logins
                        """)
                .bind("id", id)
                .bind("max", maxFailures)
                .map(row -> row.get("failed_logins", Integer.class))
                .one();
    }

    /** The attempt failed; the last allowed one locks the account and starts a fresh count after it. */
    Mono<Void> recordFailedLogin(UUID id, int attempt, int maxFailures, Duration lockout) {
        if (attempt < maxFailures) {
            return Mono.empty(); // the reservation already counted it
        }
        return db.sql("UPDATE user_profiles SET failed_logins = 0, locked_until = now() + make_interval(secs => :lock)"
                        + " WHERE id = :id")
                .bind("id", id)
                .bind("lock", (double) lockout.toSeconds())
                .then();
    }

    Mono<Void> recordSuccessfulLogin(UUID id) {
        return db.sql("UPDATE user_profiles SET failed_logins = 0, locked_until = NULL WHERE id = :id")
                .bind("id", id)
                .then();
    }

    Mono<UserProfile> updateProfile(UUID id, String displayName, String company) {
        return db.sql("UPDATE user_profiles SET display_name = coalesce(:name, display_name),"
                        + " vendor_company = coalesce(:company, vendor_company), updated_at = now()"
                        + " WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("name", Parameter.fromOrEmpty(displayName, String.class))
                .bind("company", Parameter.fromOrEmpty(company, String.class))
                .map(Users::toUser)
                .one();
    }

    public Mono<UserProfile> changeRole(UUID id, Role role) {
        return db.sql("UPDATE user_profiles SET role = :role, updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
                .bind("id", id)
                .bind("role", role.claim())
                .map(Users::toUser)
                .one();
    }

    public Mono<UserProfile> verifyVendor(UUID id, UUID admin) {
        return db.sql(
                        "UPDATE user_profiles SET vendor_verified_at = now(), vendor_verified_by = :admin, updated_at = now()"
                                + " WHERE id = :id AND role = 'vendor' AND vendor_verified_at IS NULL RETURNING "
                                + COLUMNS)
                .bind("id", id)
                .bind("admin", admin)
                .map(Users::toUser)
                .one();
    }

    public Mono<UserProfile> reactivate(UUID id) {
        return db.sql(
                        "UPDATE user_profiles SET active = true, failed_logins = 0, locked_until = NULL, updated_at = now()"
                                + " WHERE id = :id AND NOT active RETURNING " + COLUMNS)
                .bind("id", id)
                .map(Users::toUser)
                .one();
    }

    public Mono<UserProfile> deactivate(UUID id) {
        return db.sql("UPDATE user_profiles SET active = false, updated_at = now() WHERE id = :id AND active"
                        + " RETURNING " + COLUMNS)
                .bind("id", id)
                .map(Users::toUser)
                .one();
    }

    public Mono<Boolean> anySuperAdmin() {
        return db.sql("SELECT 1 FROM user_profiles WHERE role = 'super_admin' AND active LIMIT 1")
                .fetch()
                .one()
                .hasElement();
    }

    public static UserProfile toUser(Readable row) {
        return new UserProfile(
                row.get("id", UUID.class),
                row.get("email", String.class),
                row.get("password_hash", String.class),
                row.get("display_name", String.class),
                Role.fromClaim(row.get("role", String.class)).orElseThrow(),
                row.get("vendor_company", String.class),
                instant(row, "vendor_verified_at"),
                row.get("vendor_verified_by", UUID.class),
                Boolean.TRUE.equals(row.get("active", Boolean.class)),
                row.get("failed_logins", Integer.class),
                instant(row, "locked_until"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
