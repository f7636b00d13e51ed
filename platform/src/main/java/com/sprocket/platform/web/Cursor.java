package com.sprocket.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Opaque keyset-pagination cursors: the sort values of the last row of a page, URL-safe base64.
 * A cursor the client tampered with is a 400, never a 500.
 */
public final class Cursor {

    private static final char SEPARATOR = '\u001f';

    private final List<String> values;

    private Cursor(List<String> values) {
        this.values = values;
    }

    public static String encode(List<String> values) {
        String joined = String.join(String.valueOf(SEPARATOR), values);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /** The common cursor of lists ordered by {@code created_at DESC, id DESC}. */
    public static String ofTimeAndId(Instant time, UUID id) {
        return encode(List.of(time.toString(), id.toString()));
    }

    public static List<String> decode(String cursor, int expectedValues) {
        try {
            String joined = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> values = List.of(joined.split(String.valueOf(SEPARATOR), -1));
            if (values.size() != expectedValues) {
                throw invalid();
            }
            return values;
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** Decodes a cursor whose values are then read, typed, with {@link #text}, {@link #uuid}, {@link #time}. */
    public static Cursor parse(String cursor, int expectedValues) {
        return new Cursor(decode(cursor, expectedValues));
    }

    public String text(int index) {
        return values.get(index);
    }

    public UUID uuid(int index) {
        return typed(index, UUID::fromString);
    }

    public OffsetDateTime time(int index) {
        return typed(index, value -> Instant.parse(value).atOffset(ZoneOffset.UTC));
    }

    public <T> T typed(int index, Function<String, T> parser) {
        try {
            return parser.apply(values.get(index));
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return ApiProblems.invalid("after", "is not a cursor this endpoint issued");
    }
}
