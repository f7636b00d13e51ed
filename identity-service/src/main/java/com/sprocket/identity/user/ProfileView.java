package com.sprocket.identity.user;

import java.time.Instant;
import java.util.UUID;

/** The profile as the PWA sees it: everything but secrets and lock bookkeeping. */
public record ProfileView(
        UUID id,
        String email,
        String displayName,
        String role,
        String vendorCompany,
        Instant vendorVerifiedAt,
        UUID vendorVerifiedBy,
        boolean active,
        Instant createdAt,
        Instant updatedAt) {

    public static ProfileView of(UserProfile user) {
        return new ProfileView(
                user.id(),
                user.email(),
                user.displayName(),
                user.role().claim(),
                user.vendorCompany(),
                user.vendorVerifiedAt(),
                user.vendorVerifiedBy(),
                user.active(),
                user.createdAt(),
                user.updatedAt());
    }
}
