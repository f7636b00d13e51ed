package com.sprocket.identity.user;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The profile as the PWA sees it: everything but secrets and lock bookkeeping. */
public record ProfileView(
        UUID id,
        String email,
        String displayName,

        @Schema(allowableValues = {"customer", "vendor", "admin", "super_admin"})
        String role,

        @Nullable String vendorCompany,
        @Nullable Instant vendorVerifiedAt,
        @Nullable UUID vendorVerifiedBy,
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
