package com.sprocket.identity.user;

import com.sprocket.platform.web.ApiProblems;
import java.util.Locale;
import java.util.Set;

/**
 * Length over complexity (NIST 800-63B): 10 to 128 characters and at most 72 bytes in UTF-8 (what
 * BCrypt reads; a longer one would be cut silently), not one of the most common passwords, not the
 * email or its local part, not a single repeated character.
 */
final class PasswordPolicy {

    private static final Set<String> COMMON = Set.of(
            "1234567890",
            "123456789012",
            "qwertyuiop",
            "password123",
            "password1234",
            "iloveyou123",
            "sprocket123",
            "letmein1234",
            "administrator",
            "passwordpassword",
            "qwerty123456",
            "1q2w3e4r5t");

    /** BCrypt hashes the first 72 bytes only. */
    static final int MAX_BYTES = 72;

    private PasswordPolicy() {}

    static boolean tooLong(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES;
    }

    static void check(String password, String email) {
        if (tooLong(password)) {
            throw ApiProblems.invalid("password", "must be at most 72 bytes in UTF-8 (about 18 to 72 characters)");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String localPart = email.substring(0, Math.max(0, email.indexOf('@')));
        if (COMMON.contains(lower)) {
            throw ApiProblems.invalid("password", "is one of the most common passwords");
        }
        if (lower.equals(email) || (!localPart.isEmpty() && lower.contains(localPart) && localPart.length() >= 4)) {
            throw ApiProblems.invalid("password", "must not contain your email address");
        }
        if (password.chars().distinct().count() < 4) {
            throw ApiProblems.invalid("password", "needs at least 4 different characters");
        }
    }
}
