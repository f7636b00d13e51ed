package com.sprocket.identity.user;

import java.util.UUID;

/** Payloads on {@code identity.users}. */
public final class UserEvents {

    private UserEvents() {}

    public record UserRegistered(UUID userId, String email, String role, String displayName) {
        public static final String TYPE = "user.registered.v1";
    }

    public record UserRoleChanged(UUID userId, String from, String to, UUID changedBy) {
        public static final String TYPE = "user.role-changed.v1";
    }

    public record VendorVerified(UUID userId, UUID verifiedBy) {
        public static final String TYPE = "vendor.verified.v1";
    }

    public record UserDeactivated(UUID userId, UUID deactivatedBy) {
        public static final String TYPE = "user.deactivated.v1";
    }

    /** Security-relevant: the audit log records failed logins (no password, no reason beyond "locked"). */
    public record LoginFailed(UUID userId, boolean locked) {
        public static final String TYPE = "user.login-failed.v1";
    }
}
