package com.sprocket.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What identity changed about users since their access tokens were issued, so that every service
 * refuses tokens that no longer tell the truth (fed from {@code identity.users} by the platform's
 * revocation listener). Access tokens are short-lived and checked without calling identity; without
 * this a deactivated user or a demoted admin would keep their powers until the token expired.
 *
 * <ul>
 *   <li>deactivated: every token of the user is refused until a reactivation;
 *   <li>reactivated at R: tokens issued before R (before the deactivation) stay refused;
 *   <li>role changed to X: tokens that do not carry X are refused; tokens minted after the change
 *       carry it. Deciding by the role rather than by time leaves no window for a login that read
 *       the old role just before the change committed.
 * </ul>
 *
 * Issue times come from the {@code issued_ms} claim identity adds (JWT {@code iat} has whole
 * seconds, too coarse to tell a token minted just before a reactivation from one just after), else
 * from {@code iat}. An entry is forgotten {@code memory} after its last change (at least the
 * access-token lifetime), which bounds memory.
 */
public final class RevokedSubjects {

    /** The claim with the token's issue time in epoch milliseconds. */
    public static final String ISSUED_MS = "issued_ms";

    private record Standing(boolean deactivated, Instant reactivatedAt, String role, Instant changedAt) {}

    private final Map<String, Standing> standings = new ConcurrentHashMap<>();
    private final Duration memory;
    private final Clock clock;

    public RevokedSubjects(Duration memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    public void deactivated(String subject, Instant at) {
        update(subject, previous -> new Standing(true, null, previous == null ? null : previous.role(), at));
    }

    public void reactivated(String subject, Instant at) {
        update(subject, previous -> new Standing(false, at, previous == null ? null : previous.role(), at));
    }

    public void roleChanged(String subject, String role, Instant at) {
        update(
                subject,
                previous -> new Standing(
                        previous != null && previous.deactivated(),
                        previous == null ? null : previous.reactivatedAt(),
                        role,
                        at));
    }

    /** True if a token of the subject with these roles, issued then, no longer tells the truth. */
    public boolean isRevoked(String subject, Collection<String> roles, Instant issuedAt) {
        Standing standing = standings.get(subject);
        if (standing == null) {
            return false;
        }
        if (standing.deactivated()) {
            return true;
        }
        if (standing.reactivatedAt() != null && (issuedAt == null || issuedAt.isBefore(standing.reactivatedAt()))) {
            return true;
        }
        return standing.role() != null && (roles == null || !roles.contains(standing.role()));
    }

    public boolean isRevoked(Jwt jwt) {
        return isRevoked(jwt.getSubject(), roles(jwt), issuedAt(jwt));
    }

    /** The token's issue time: {@code issued_ms} when present, else {@code iat}. */
    public static Instant issuedAt(Jwt jwt) {
        Object millis = jwt.getClaim(ISSUED_MS);
        if (millis instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        return jwt.getIssuedAt();
    }

    private static List<String> roles(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return roles == null ? List.of() : roles;
    }

    /** The validator every service's JWT decoder runs. */
    public OAuth2TokenValidator<Jwt> validator() {
        OAuth2Error revoked = new OAuth2Error(
                "invalid_token", "The account changed since this token was issued; sign in again.", null);
        return jwt ->
                isRevoked(jwt) ? OAuth2TokenValidatorResult.failure(revoked) : OAuth2TokenValidatorResult.success();
    }

    private void update(String subject, java.util.function.UnaryOperator<Standing> change) {
        standings.compute(subject, (key, previous) -> change.apply(previous));
        Instant horizon = clock.instant().minus(memory);
        standings.values().removeIf(standing -> standing.changedAt().isBefore(horizon) && !standing.deactivated());
    }
}
