package com.sprocket.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.Migrations;
import com.sprocket.platform.test.Migrations.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationIntegrationTests {

    @Test
    void migrates_passes_the_post_migration_check_rolls_back_every_changeset_and_migrates_again() throws Exception {
        var roundTrip = Migrations.roundTrip("db/changelog/payment-service.yaml");

        assertComplete(roundTrip.migrated());
        assertThat(roundTrip.rolledBack()).isEqualTo(new Schema(List.of(), List.of(), List.of(), List.of()));
        assertComplete(roundTrip.migratedAgain());
    }

    private static void assertComplete(Schema schema) {
        assertThat(schema.tables())
                .contains(
                        "payments",
                        "tj_payment_methods",
                        "tj_transaction_logs",
                        "webhook_events",
                        "refunds",
                        "payable_orders",
                        "outbox",
                        "inbox");
        assertThat(schema.indexes())
                .contains(
                        "uq_payments_live_per_order",
                        "idx_payments_unsettled",
                        "idx_tj_transaction_logs_payment",
                        "idx_webhook_events_unprocessed",
                        "idx_refunds_payment",
                        "idx_payable_orders_vendors");
        assertThat(schema.constraints())
                .contains(
                        "payments_payment_method_id_fkey",
                        "tj_transaction_logs_payment_id_fkey",
                        "refunds_payment_id_fkey",
                        "payments_status_check",
                        "webhook_events_provider_event_id_key",
                        "uq_refunds_idempotency");
        assertThat(schema.invalidIndexes()).isEmpty();
    }
}
