package com.sprocket.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.Migrations;
import com.sprocket.platform.test.Migrations.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationIntegrationTests {

    @Test
    void migrates_passes_the_post_migration_check_rolls_back_every_changeset_and_migrates_again() throws Exception {
        var roundTrip = Migrations.roundTrip("db/changelog/notification-service.yaml");

        assertComplete(roundTrip.migrated());
        assertThat(roundTrip.rolledBack()).isEqualTo(new Schema(List.of(), List.of(), List.of(), List.of()));
        assertComplete(roundTrip.migratedAgain());
    }

    private static void assertComplete(Schema schema) {
        assertThat(schema.tables())
                .contains(
                        "notifications",
                        "conversations",
                        "messages",
                        "conversation_reads",
                        "activity_logs",
                        "outbox",
                        "inbox");
        assertThat(schema.indexes())
                .contains(
                        "idx_activity_logs_actor",
                        "idx_activity_logs_entity",
                        "idx_activity_logs_time",
                        "idx_notifications_user",
                        "idx_messages_conversation");
        assertThat(schema.constraints()).contains("messages_conversation_id_fkey", "activity_logs_event_id_key");
        assertThat(schema.invalidIndexes()).isEmpty();
    }
}
