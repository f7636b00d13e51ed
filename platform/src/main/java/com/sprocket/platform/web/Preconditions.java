package com.sprocket.platform.web;

/**
 * Conditional writes with {@code If-Match} (RFC 9110 §13.1.1) on resources whose ETag is their
 * integer version: {@code "7"}, {@code W/"7"} or {@code 7} expect version 7; {@code *} (any current
 * representation) and an absent header expect nothing.
 */
public final class Preconditions {

    private Preconditions() {}

    /** @return the version the client expects, or null when any version will do */
    public static Integer expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            int version = Integer.parseInt(tag);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw ApiProblems.invalid("If-Match", "must be * or the version given in the ETag, e.g. \"3\"");
        }
    }
}
