package com.sprocket.platform.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;

/**
 * Who is calling: the JWT subject and roles, or a guest. Controllers take it as a parameter.
 *
 * <p>Ownership rules of the permission matrix ("own", "related") are decided with {@link #owns},
 * {@link #isAdmin} and {@link #requireOwnerOrAdmin}.
 */
public record CurrentUser(UUID id, Set<Role> roles) {

    public static final CurrentUser GUEST = new CurrentUser(null, EnumSet.of(Role.GUEST));

    public CurrentUser {
        roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    public static CurrentUser of(Jwt jwt) {
        List<String> claim = jwt.getClaimAsStringList("roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (claim != null) {
            claim.forEach(value -> Role.fromClaim(value).ifPresent(roles::add));
        }
        return new CurrentUser(UUID.fromString(jwt.getSubject()), roles);
    }

    public boolean isGuest() {
        return id == null;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** admin or super_admin: "CRUD all" on products, orders and users. */
    public boolean isAdmin() {
        return has(Role.ADMIN) || has(Role.SUPER_ADMIN);
    }

    public boolean owns(UUID ownerId) {
        return id != null && Objects.equals(id, ownerId);
    }

    public boolean canManage(UUID ownerId) {
        return owns(ownerId) || isAdmin();
    }

    /** Throws 403 unless the caller owns the resource or is an admin. */
    public void requireOwnerOrAdmin(UUID ownerId, String what) {
        if (!canManage(ownerId)) {
            throw new ErrorResponseException(
                    HttpStatus.FORBIDDEN,
                    Problems.detail(HttpStatus.FORBIDDEN, "You may only change your own " + what + "."),
                    null);
        }
    }
}
