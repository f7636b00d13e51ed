package com.sprocket.identity.admin;

import com.sprocket.identity.config.Topics;
import com.sprocket.identity.token.RefreshTokens;
import com.sprocket.identity.user.ProfileView;
import com.sprocket.identity.user.UserEvents;
import com.sprocket.identity.user.UserProfile;
import com.sprocket.identity.user.Users;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxEvent;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.sql.NewestFirst;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import java.util.Locale;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Admins list, search and deactivate users and verify vendors. Only a super_admin grants or removes
 * admin and super_admin, or deactivates an administrator; nobody changes their own role or
 * deactivates themselves.
 */
@Service
class UserAdministration {

    private final DatabaseClient db;
    private final Users users;
    private final RefreshTokens refreshTokens;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    UserAdministration(
            DatabaseClient db, Users users, RefreshTokens refreshTokens, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.tx = tx;
    }

    Mono<Page<ProfileView>> list(String query, String role, Boolean active, int limit, String after) {
        return Mono.defer(() -> {
            String pattern = query == null || query.isBlank()
                    ? null
                    : "%" + escapeLike(query.strip().toLowerCase(Locale.ROOT)) + "%";
            var spec = NewestFirst.from("SELECT " + Users.COLUMNS + " FROM user_profiles", "created_at")
                    .where("(email LIKE :q ESCAPE '\\' OR lower(display_name) LIKE :q ESCAPE '\\')", "q", pattern)
                    .where("role = :role", "role", role)
                    .where("active = :active", "active", active)
                    .after(after)
                    .page(db, limit);
            return spec.map(Users::toUser)
                    .all()
                    .collectList()
                    .map(rows -> Page.of(rows, limit, user -> Cursor.ofTimeAndId(user.createdAt(), user.id()))
                            .map(ProfileView::of));
        });
    }

    Mono<ProfileView> get(UUID id) {
        return existing(id).map(ProfileView::of);
    }

    Mono<ProfileView> verifyVendor(UUID id, CurrentUser admin) {
        return existing(id)
                .flatMap(user -> user.role() != Role.VENDOR
                        ? Mono.error(ApiProblems.conflict("Only vendors are verified; this user is a "
                                + user.role().claim() + "."))
                        : users.verifyVendor(id, admin.id())
                                .switchIfEmpty(
                                        Mono.error(() -> ApiProblems.conflict("The vendor is already verified.")))
                                .flatMap(verified -> publish(
                                        verified,
                                        UserEvents.VendorVerified.TYPE,
                                        new UserEvents.VendorVerified(id, admin.id())))
                                .as(tx::transactional))
                .map(ProfileView::of);
    }

    Mono<ProfileView> changeRole(UUID id, Role newRole, CurrentUser actor) {
        if (actor.owns(id)) {
            return Mono.error(ApiProblems.forbidden("Nobody changes their own role."));
        }
        return existing(id)
                .flatMap(user -> {
                    boolean touchesAdministrators =
                            user.isAdministrator() || newRole == Role.ADMIN || newRole == Role.SUPER_ADMIN;
                    if (touchesAdministrators && !actor.has(Role.SUPER_ADMIN)) {
                        return Mono.error(
                                ApiProblems.forbidden("Only a super_admin grants or removes admin and super_admin."));
                    }
                    if (user.role() == newRole) {
                        return Mono.just(user);
                    }
                    return users.changeRole(id, newRole)
                            .flatMap(changed -> refreshTokens.revokeAllOf(id).thenReturn(changed))
                            .flatMap(changed -> publish(
                                    changed,
                                    UserEvents.UserRoleChanged.TYPE,
                                    new UserEvents.UserRoleChanged(
                                            id, user.role().claim(), newRole.claim(), actor.id())))
                            .as(tx::transactional);
                })
                .map(ProfileView::of);
    }

    Mono<ProfileView> deactivate(UUID id, CurrentUser actor) {
        if (actor.owns(id)) {
            return Mono.error(ApiProblems.forbidden("You cannot deactivate yourself."));
        }
        return existing(id)
                .flatMap(user -> {
                    if (user.isAdministrator() && !actor.has(Role.SUPER_ADMIN)) {
                        return Mono.error(ApiProblems.forbidden("Only a super_admin deactivates an administrator."));
                    }
                    return users.deactivate(id)
                            .switchIfEmpty(Mono.error(() -> ApiProblems.conflict("The user is already inactive.")))
                            .flatMap(done -> refreshTokens.revokeAllOf(id).thenReturn(done))
                            .flatMap(done -> publish(
                                    done,
                                    UserEvents.UserDeactivated.TYPE,
                                    new UserEvents.UserDeactivated(id, actor.id())))
                            .as(tx::transactional);
                })
                .map(ProfileView::of);
    }

    /** Undoes a deactivation: the user may log in again; a vendor's parts come back on sale. */
    Mono<ProfileView> reactivate(UUID id, CurrentUser actor) {
        return existing(id)
                .flatMap(user -> {
                    if (user.isAdministrator() && !actor.has(Role.SUPER_ADMIN)) {
                        return Mono.error(ApiProblems.forbidden("Only a super_admin reactivates an administrator."));
                    }
                    return users.reactivate(id)
                            .switchIfEmpty(Mono.error(() -> ApiProblems.conflict("The user is already active.")))
                            .flatMap(done -> publish(
                                    done,
                                    UserEvents.UserReactivated.TYPE,
                                    new UserEvents.UserReactivated(id, actor.id())))
                            .as(tx::transactional);
                })
                .map(ProfileView::of);
    }

    private Mono<UserProfile> existing(UUID id) {
        return users.find(id).switchIfEmpty(Mono.error(() -> ApiProblems.notFound("user", id)));
    }

    private Mono<UserProfile> publish(UserProfile user, String type, Object payload) {
        return outbox.append(new OutboxEvent(Topics.USERS, "user", user.id().toString(), type, payload))
                .thenReturn(user);
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
