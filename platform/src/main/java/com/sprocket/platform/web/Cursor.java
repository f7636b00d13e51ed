package com.sprocket.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset-pagination cursors: the sort values of the last row of a page, URL-safe base64.
 * A cursor the client tampered with is a 400, never a 500.
 */
public final class Cursor {

    private static final char SEPARATOR = '\u001f';

    private Cursor() {}

    public static String encode(List<String> values) {
        String joined = String.join(String.valueOf(SEPARATOR), values);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    public static List<String> decode(String cursor, int expectedValues) {
        try {
            String joined = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> values = List.of(joined.split(String.valueOf(SEPARATOR), -1));
            if (values.size() != expectedValues) {
                throw ApiProblems.invalid("after", "is not a cursor this endpoint issued");
            }
            return values;
        } catch (IllegalArgumentException e) {
            throw ApiProblems.invalid("after", "is not a cursor this endpoint issued");
        }
    }
}
