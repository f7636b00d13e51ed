package com.sprocket.platform.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Runs a service's changelog against a fresh database: migrate, roll every changeset back to an
 * empty schema, migrate again. Returns what the schema holds before the rollback, after it, and at
 * the end, for the post-migration check of each service's {@code MigrationIntegrationTests}.
 */
public final class Migrations {

    private Migrations() {}

    @SuppressWarnings("deprecation") // the Liquibase facade is the simplest API that has rollback-count
    public static RoundTrip roundTrip(String changelog) throws Exception {
        TestPostgres postgres = TestPostgres.get();
        String database = postgres.createDatabase("migrations");
        try (Connection connection = postgres.connect(database)) {
            var db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(), db);
            liquibase.update("");
            Schema migrated = Schema.of(connection);
            liquibase.rollback(liquibase.getDatabaseChangeLog().getChangeSets().size(), "");
            Schema rolledBack = Schema.of(connection);
            liquibase.update("");
            return new RoundTrip(migrated, rolledBack, Schema.of(connection));
        } finally {
            postgres.dropDatabase(database);
        }
    }

    public record RoundTrip(Schema migrated, Schema rolledBack, Schema migratedAgain) {}

    /** Tables, indexes and constraints of the public schema (Liquibase's own tables left out). */
    public record Schema(
            List<String> tables, List<String> indexes, List<String> invalidIndexes, List<String> constraints) {

        static Schema of(Connection connection) throws SQLException {
            return new Schema(
                    strings(
                            connection,
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                                    + " AND table_name NOT LIKE 'databasechangelog%'"),
                    strings(
                            connection,
                            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                                    + " AND tablename NOT LIKE 'databasechangelog%'"),
                    strings(
                            connection,
                            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                    + " WHERE NOT i.indisvalid"),
                    strings(
                            connection,
                            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                                    + " WHERE n.nspname = 'public' AND conname NOT LIKE 'databasechangelog%'"));
        }

        public boolean isEmpty() {
            return tables.isEmpty() && indexes.isEmpty() && constraints.isEmpty();
        }

        private static List<String> strings(Connection connection, String sql) throws SQLException {
            List<String> values = new ArrayList<>();
            try (var statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }
}
