package com.sprocket.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.Migrations;
import com.sprocket.platform.test.Migrations.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationIntegrationTests {

    @Test
    void migrates_passes_the_post_migration_check_rolls_back_every_changeset_and_migrates_again() throws Exception {
        var roundTrip = Migrations.roundTrip("db/changelog/identity-service.yaml");

        assertComplete(roundTrip.migrated());
        assertThat(roundTrip.rolledBack())
                .as("schema after rolling back everything")
                .isEqualTo(new Schema(List.of(), List.of(), List.of(), List.of()));
        assertComplete(roundTrip.migratedAgain());
    }

    private static void assertComplete(Schema schema) {
        assertThat(schema.tables()).contains("user_profiles", "refresh_tokens", "signing_keys", "outbox", "inbox");
        assertThat(schema.constraints())
                .contains(
                        "uq_user_profiles_email",
                        "user_profiles_vendor_verified_by_fkey",
                        "refresh_tokens_user_id_fkey",
                        "user_profiles_role_check",
                        "refresh_tokens_token_hash_key");
        assertThat(schema.indexes()).contains("idx_refresh_tokens_family", "idx_user_profiles_created");
        assertThat(schema.invalidIndexes()).isEmpty();
    }
}
