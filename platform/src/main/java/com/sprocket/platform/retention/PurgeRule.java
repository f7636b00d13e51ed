package com.sprocket.platform.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Rows of {@code table} whose {@code column} (a timestamp) is older than {@code retention} are deleted
 * by {@link Retention}. Declare one as a bean; the platform declares the inbox's and the outbox's.
 *
 * @param name the metric tag and log name, e.g. {@code inbox}
 * @param table the table (a plain identifier)
 * @param column a {@code timestamptz} column; rows where it is null are kept
 * @param retention how long a row is kept after that time
 */
public record PurgeRule(String name, String table, String column, Duration retention) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public PurgeRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(retention, "retention");
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(column).matches()) {
            throw new IllegalArgumentException("table and column must be plain identifiers: " + table + "." + column);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention of " + name + " must not be negative");
        }
    }

    /** Deletes one batch; SKIP LOCKED lets several replicas purge the same table without waiting on each other. */
    String deleteBatch() {
        return "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table + " WHERE " + column
                + " < now() - make_interval(secs => :seconds) LIMIT :batch FOR UPDATE SKIP LOCKED))";
    }
}
