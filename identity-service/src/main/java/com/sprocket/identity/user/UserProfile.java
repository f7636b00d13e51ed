package com.sprocket.identity.user;

import com.sprocket.platform.security.Role;
import java.time.Instant;
import java.util.UUID;

/** A registered user. Guests have no record. Pure domain. */
public record UserProfile(
        UUID id,
        String email,
        String passwordHash,
        String displayName,
        Role role,
        String vendorCompany,
        Instant vendorVerifiedAt,
        UUID vendorVerifiedBy,
        boolean active,
        int failedLogins,
        Instant lockedUntil,
        Instant createdAt,
        Instant updatedAt) {

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    public boolean isAdministrator() {
        return role == Role.ADMIN || role == Role.SUPER_ADMIN;
    }
}
