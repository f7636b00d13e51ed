package com.sprocket.platform.sql;

import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/** Small helpers for queries built at run time (filters, keyset cursors). */
public final class Sql {

    private Sql() {}

    /** Binds every named value; the names are the {@code :placeholders} the builder put in the SQL. */
    public static GenericExecuteSpec bindAll(GenericExecuteSpec spec, Map<String, Object> binds) {
        GenericExecuteSpec bound = spec;
        for (var bind : binds.entrySet()) {
            bound = bound.bind(bind.getKey(), bind.getValue());
        }
        return bound;
    }
}
