package com.sprocket.platform.sql;

import com.sprocket.platform.web.Cursor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * A filtered list read newest first, one keyset page at a time: {@code ORDER BY <time> DESC, id DESC},
 * the {@code after} cursor ({@link Cursor#ofTimeAndId}) turned into {@code (<time>, id) < (...)}, and
 * {@code limit + 1} rows fetched so {@link com.sprocket.platform.web.Page#of} can tell whether there is
 * a next page. Conditions are fixed SQL fragments; values only ever travel as bind parameters.
 */
public final class NewestFirst {

    private final StringBuilder sql;
    private final String timeColumn;
    private final Map<String, Object> binds = new LinkedHashMap<>();

    private NewestFirst(String select, String timeColumn) {
        this.sql = new StringBuilder(select).append(" WHERE true");
        this.timeColumn = timeColumn;
    }

    /** @param select {@code SELECT <columns> FROM <table>} */
    public static NewestFirst from(String select, String timeColumn) {
        return new NewestFirst(select, timeColumn);
    }

    /** Adds {@code AND <condition>} binding {@code :name}, unless the value is null (no filter). */
    public NewestFirst where(String condition, String name, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            binds.put(name, value);
        }
        return this;
    }

    public NewestFirst after(String cursor) {
        if (cursor != null) {
            Cursor position = Cursor.parse(cursor, 2);
            sql.append(" AND (").append(timeColumn).append(", id) < (:afterTime, :afterId)");
            binds.put("afterTime", position.time(0));
            binds.put("afterId", position.uuid(1));
        }
        return this;
    }

    public GenericExecuteSpec page(DatabaseClient db, int limit) {
        String query = sql + " ORDER BY " + timeColumn + " DESC, id DESC LIMIT :limit";
        return Sql.bindAll(db.sql(query), binds).bind("limit", limit + 1);
    }
}
