package com.sprocket.identity.user;

import com.sprocket.identity.config.Topics;
import com.sprocket.platform.outbox.DomainEvent;
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
    public record LoginFailed(UUID userId, boolean locked) implements DomainEvent {
        public static final String TYPE = "user.login-failed.v1";

        static LoginFailed of(UUID userId, boolean locked) {
            return new LoginFailed(userId, locked);
        }

        @Override
        public String topic() {
            return Topics.USERS;
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String aggregateType() {
            return "user";
        }

        @Override
        public String aggregateId() {
            return userId.toString();
        }
    }

    public record UserReactivated(UUID userId, UUID reactivatedBy) {
        public static final String TYPE = "user.reactivated.v1";
    }
}
