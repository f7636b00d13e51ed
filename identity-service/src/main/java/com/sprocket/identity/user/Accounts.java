package com.sprocket.identity.user;

import com.sprocket.identity.config.IdentityProperties;
import com.sprocket.identity.config.Topics;
import com.sprocket.identity.token.AccessTokens;
import com.sprocket.identity.token.RefreshTokens;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxEvent;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.web.ApiProblems;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * Sign-up, login, refresh, logout and the caller's own profile. Register and login return the tokens
 * and the profile together; {@code /me} creates a missing profile just in time. Login failures all
 * look the same from outside (no hint whether the email exists or the account is locked).
 */
@Service
public class Accounts {

    private static final String BAD_CREDENTIALS = "Invalid email or password.";

    private final Users users;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final IdentityProperties properties;

    Accounts(
            Users users,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            Outbox outbox,
            TransactionalOperator tx,
            IdentityProperties properties) {
        this.users = users;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
    }

    Mono<Session> register(Register request) {
        String email = normalize(request.email());
        Role role = request.vendor() ? Role.VENDOR : Role.CUSTOMER;
        return Mono.fromRunnable(() -> PasswordPolicy.check(request.password(), email))
                .then(hasher.hash(request.password()))
                .flatMap(hash -> create(
                                UUID.randomUUID(),
                                email,
                                hash,
                                request.displayName().strip(),
                                role,
                                request.vendor() ? request.vendorCompany() : null)
                        .switchIfEmpty(Mono.error(() -> ApiProblems.conflict("This email cannot be registered.")))
                        .flatMap(this::startSession)
                        .as(tx::transactional));
    }

    /**
     * A password check happens only after the account gave up one of its attempts (atomically, in the
     * database), so a burst of parallel guesses gets no more checks than the limit allows.
     */
    Mono<Session> login(Login request) {
        String email = normalize(request.email());
        return users.findByEmail(email)
                .flatMap(user -> users.reserveAttempt(user.id(), properties.maxFailedLogins())
                        .flatMap(attempt -> hasher.matches(request.password(), user.passwordHash())
                                .flatMap(matches -> matches ? succeed(user) : fail(user, attempt)))
                        .switchIfEmpty(Mono.defer(() -> refuse(user))))
                .switchIfEmpty(Mono.defer(
                        () -> hasher.matches(request.password(), null).then(Mono.error(badCredentials()))));
    }

    Mono<Session> refresh(String refreshToken) {
        Mono<Session> rotated = refreshTokens
                .use(refreshToken)
                .flatMap(use -> users.find(use.userId())
                        .filter(UserProfile::active)
                        .flatMap(user -> session(user, use.familyId())))
                .as(tx::transactional);
        return rotated.switchIfEmpty(Mono.defer(() -> refreshTokens
                .detectReuse(refreshToken)
                .then(Mono.error(() -> unauthorized("The refresh token is not valid; log in again.")))));
    }

    Mono<Void> logout(String refreshToken) {
        return refreshTokens.revokeFamilyOf(refreshToken);
    }

    /** The caller's profile; created from the token's claims if it does not exist yet (never a poll). */
    Mono<ProfileView> me(CurrentUser caller, Jwt token) {
        return users.find(caller.id())
                .switchIfEmpty(Mono.defer(() -> createFromToken(caller, token)))
                .map(ProfileView::of);
    }

    Mono<ProfileView> updateMe(CurrentUser caller, UpdateProfile changes) {
        if (changes.vendorCompany() != null && !caller.has(Role.VENDOR)) {
            return Mono.error(ApiProblems.invalid("vendorCompany", "only vendors have a company"));
        }
        return users.updateProfile(caller.id(), strip(changes.displayName()), strip(changes.vendorCompany()))
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("profile", caller.id())))
                .map(ProfileView::of);
    }

    /** Creates a user and announces it; used by sign-up and by the super_admin bootstrap. */
    public Mono<UserProfile> create(UUID id, String email, String hash, String name, Role role, String company) {
        return users.insert(id, email, hash, name, role, company)
                .flatMap(user -> outbox.append(new OutboxEvent(
                                Topics.USERS,
                                "user",
                                user.id().toString(),
                                UserEvents.UserRegistered.TYPE,
                                new UserEvents.UserRegistered(
                                        user.id(), user.email(), role.claim(), user.displayName())))
                        .thenReturn(user))
                .as(tx::transactional);
    }

    private Mono<Session> succeed(UserProfile user) {
        return users.recordSuccessfulLogin(user.id()).then(startSession(user)).as(tx::transactional);
    }

    private Mono<Session> fail(UserProfile user, int attempt) {
        boolean locks = attempt >= properties.maxFailedLogins();
        return users.recordFailedLogin(user.id(), attempt, properties.maxFailedLogins(), properties.lockout())
                .then(outbox.append(UserEvents.LoginFailed.of(user.id(), locks)))
                .as(tx::transactional)
                .then(Mono.error(badCredentials()));
    }

    /** Locked, inactive or out of attempts: no password check at all. */
    private Mono<Session> refuse(UserProfile user) {
        return outbox.append(UserEvents.LoginFailed.of(user.id(), user.lockedAt(Instant.now())))
                .as(tx::transactional)
                .then(Mono.error(badCredentials()));
    }

    private Mono<Session> startSession(UserProfile user) {
        return session(user, UUID.randomUUID());
    }

    private Mono<Session> session(UserProfile user, UUID family) {
        return Mono.zip(
                        accessTokens.mint(user.id(), user.role().claim(), user.email()),
                        refreshTokens.issue(user.id(), family))
                .map(tokens -> new Session(
                        tokens.getT1(), "Bearer", accessTokens.ttlSeconds(), tokens.getT2(), ProfileView.of(user)));
    }

    private Mono<UserProfile> createFromToken(CurrentUser caller, Jwt token) {
        String email = token.getClaimAsString("email");
        Role role =
                caller.roles().stream().filter(r -> r != Role.GUEST).findFirst().orElse(Role.CUSTOMER);
        String address = email == null ? caller.id() + "@users.sprocket.invalid" : normalize(email);
        return create(caller.id(), address, null, address.substring(0, address.indexOf('@')), role, null)
                .switchIfEmpty(Mono.defer(() -> users.find(caller.id())));
    }

    private static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static ErrorResponseException badCredentials() {
        return unauthorized(BAD_CREDENTIALS);
    }

    private static ErrorResponseException unauthorized(String detail) {
        return ApiProblems.of(HttpStatus.UNAUTHORIZED, detail);
    }
}
