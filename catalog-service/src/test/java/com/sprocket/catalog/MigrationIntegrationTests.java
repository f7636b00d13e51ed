package com.sprocket.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The changelog migrates, passes the post-migration check, rolls back to empty and migrates again. */
class MigrationIntegrationTests {

    private static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";
    private static final List<String> TABLES = List.of(
            "categories", "spare_parts", "vendor_media", "product_reviews", "inventory_alerts", "outbox", "inbox");

    private final TestPostgres postgres = TestPostgres.get();
    private String database;

    @BeforeEach
    void createDatabase() {
        database = postgres.createDatabase("migrations");
    }

    @AfterEach
    void dropDatabase() {
        postgres.dropDatabase(database);
    }

    @Test
    @SuppressWarnings("deprecation")
    void migrates_passes_the_post_migration_check_rolls_back_every_changeset_and_migrates_again() throws Exception {
        try (Connection connection = postgres.connect(database)) {
            Liquibase liquibase = liquibase(connection);

            liquibase.update("");
            assertSchemaComplete(connection);
            int changesets = liquibase.getDatabaseChangeLog().getChangeSets().size();

            liquibase.rollback(changesets, "");
            assertThat(tables(connection)).isEmpty();
            assertThat(indexes(connection)).isEmpty();

            liquibase.update("");
            assertSchemaComplete(connection);
        }
    }

    private static Liquibase liquibase(Connection connection) throws Exception {
        var db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        return new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), db);
    }

    private static void assertSchemaComplete(Connection connection) throws SQLException {
        assertThat(tables(connection)).containsAll(TABLES);
        assertThat(indexes(connection))
                .contains(
                        "idx_spare_parts_search",
                        "idx_spare_parts_part_number_trgm",
                        "idx_spare_parts_vendor",
                        "idx_spare_parts_category",
                        "idx_spare_parts_newest",
                        "idx_spare_parts_price",
                        "idx_spare_parts_rating",
                        "idx_spare_parts_brand",
                        "idx_vendor_media_part",
                        "idx_product_reviews_part_created",
                        "uq_inventory_alerts_active_part",
                        "outbox_unpublished");
        assertThat(invalidIndexes(connection)).isEmpty();
        assertThat(constraints(connection))
                .contains(
                        "uq_product_reviews_customer_part",
                        "product_reviews_part_id_fkey",
                        "vendor_media_part_id_fkey",
                        "inventory_alerts_part_id_fkey",
                        "spare_parts_category_id_fkey",
                        "categories_parent_id_fkey",
                        "product_reviews_rating_check",
                        "spare_parts_price_minor_check",
                        "spare_parts_stock_check");
    }

    private static List<String> tables(Connection connection) throws SQLException {
        return strings(
                connection,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_name NOT LIKE 'databasechangelog%'");
    }

    private static List<String> indexes(Connection connection) throws SQLException {
        return strings(
                connection,
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                        + " AND tablename NOT LIKE 'databasechangelog%'");
    }

    /** A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind: there must be none. */
    private static List<String> invalidIndexes(Connection connection) throws SQLException {
        return strings(
                connection,
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid" + " WHERE NOT i.indisvalid");
    }

    private static List<String> constraints(Connection connection) throws SQLException {
        return strings(
                connection,
                "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                        + " WHERE n.nspname = 'public'");
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
