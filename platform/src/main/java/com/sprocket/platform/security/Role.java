package com.sprocket.platform.security;

import java.util.Locale;
import java.util.Optional;

/** The seed's roles. A guest has no user record and no token; the others arrive in the JWT {@code roles} claim. */
public enum Role {
    GUEST,
    CUSTOMER,
    VENDOR,
    ADMIN,
    SUPER_ADMIN;

    /** The claim value: {@code customer}, {@code super_admin}, ... */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority name, as used by {@code hasRole}. */
    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claim().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
