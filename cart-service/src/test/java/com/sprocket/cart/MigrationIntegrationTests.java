package com.sprocket.cart;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.Migrations;
import com.sprocket.platform.test.Migrations.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationIntegrationTests {

    @Test
    void migrates_passes_the_post_migration_check_rolls_back_every_changeset_and_migrates_again() throws Exception {
        var roundTrip = Migrations.roundTrip("db/changelog/cart-service.yaml");

        assertComplete(roundTrip.migrated());
        assertThat(roundTrip.rolledBack()).isEqualTo(new Schema(List.of(), List.of(), List.of(), List.of()));
        assertComplete(roundTrip.migratedAgain());
    }

    private static void assertComplete(Schema schema) {
        assertThat(schema.tables())
                .contains(
                        "user_carts",
                        "cart_items",
                        "guest_carts",
                        "guest_cart_items",
                        "cart_operations",
                        "cart_merges",
                        "part_prices");
        assertThat(schema.indexes())
                .contains(
                        "uq_user_carts_active",
                        "idx_cart_items_cart_id",
                        "idx_guest_cart_items_guest_cart_id",
                        "idx_guest_carts_last_activity");
        assertThat(schema.constraints()).contains("cart_items_cart_id_fkey", "guest_cart_items_cart_id_fkey");
        assertThat(schema.invalidIndexes()).isEmpty();
    }
}
