package com.sprocket.platform.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * The test's own JDBC line to the database of the service under test: it keeps working while a
 * {@link FaultInjection} test has cut the service's connections, and it never touches an event loop.
 * Each call opens and closes its own connection.
 */
public final class TestDatabase {

    private final String database;

    private TestDatabase(String database) {
        this.database = database;
    }

    /** The database the harness created for this test class. */
    public static TestDatabase of(Environment environment) {
        return new TestDatabase(environment.getRequiredProperty("sprocket.test.database"));
    }

    public String name() {
        return database;
    }

    public long count(String sql, Object... parameters) {
        return ((Number) rows(sql, parameters).getFirst().values().iterator().next()).longValue();
    }

    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = TestPostgres.get().connect(database);
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public int execute(String sql, Object... parameters) {
        try (Connection connection = TestPostgres.get().connect(database);
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
