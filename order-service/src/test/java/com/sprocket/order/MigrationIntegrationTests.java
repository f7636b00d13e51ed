package com.sprocket.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.Migrations;
import com.sprocket.platform.test.Migrations.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationIntegrationTests {

    @Test
    void migrates_passes_the_post_migration_check_rolls_back_every_changeset_and_migrates_again() throws Exception {
        var roundTrip = Migrations.roundTrip("db/changelog/order-service.yaml");

        assertComplete(roundTrip.migrated());
        assertThat(roundTrip.rolledBack()).isEqualTo(new Schema(List.of(), List.of(), List.of(), List.of()));
        assertComplete(roundTrip.migratedAgain());
    }

    private static void assertComplete(Schema schema) {
        assertThat(schema.tables())
                .contains(
                        "orders",
                        "order_items",
                        "order_shipments",
                        "order_status_history",
                        "shipping_zones",
                        "shipping_methods",
                        "tax_rates",
                        "part_offers",
                        "cart_snapshots",
                        "outbox",
                        "inbox");
        assertThat(schema.indexes())
                .contains(
                        "idx_order_items_order_id",
                        "idx_orders_payment_intent_id",
                        "idx_orders_customer",
                        "idx_order_shipments_vendor",
                        "idx_orders_awaiting_payment");
        assertThat(schema.constraints())
                .contains("order_items_order_id_fkey", "orders_payment_status_check", "orders_status_check");
        assertThat(schema.invalidIndexes()).isEmpty();
    }
}
