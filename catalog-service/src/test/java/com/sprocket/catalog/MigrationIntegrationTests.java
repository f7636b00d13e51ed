package com.sprocket.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.Migrations;
import com.sprocket.platform.test.Migrations.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The changelog migrates, passes the post-migration check, rolls back to empty and migrates again. */
class MigrationIntegrationTests {

    @Test
    void migrates_passes_the_post_migration_check_rolls_back_every_changeset_and_migrates_again() throws Exception {
        var roundTrip = Migrations.roundTrip("db/changelog/catalog-service.yaml");

        assertComplete(roundTrip.migrated());
        assertThat(roundTrip.rolledBack())
                .as("schema after rolling back everything")
                .isEqualTo(new Schema(List.of(), List.of(), List.of(), List.of()));
        assertComplete(roundTrip.migratedAgain());
    }

    private static void assertComplete(Schema schema) {
        assertThat(schema.tables())
                .contains(
                        "categories",
                        "spare_parts",
                        "vendor_media",
                        "product_reviews",
                        "inventory_alerts",
                        "outbox",
                        "inbox",
                        "part_imports");
        assertThat(schema.indexes())
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
        assertThat(schema.invalidIndexes()).isEmpty();
        assertThat(schema.constraints())
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
}
