package com.sprocket.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.identity.config.IdentityProperties;
import com.sprocket.platform.test.SprocketIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@SprocketIntegrationTest
class SigningKeysIntegrationTests {

    @Autowired
    SigningKeys keys;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator tx;

    @Autowired
    IdentityProperties properties;

    @Test
    void a_restarted_or_second_replica_signs_with_the_same_persisted_key() {
        String kid = keys.current().block().kid();

        var restarted = new SigningKeys(db, tx, properties); // a fresh process: nothing in memory

        assertThat(restarted.current().block().kid()).isEqualTo(kid);
        assertThat(restarted.current().block().publicKeys())
                .extracting(key -> key.getKeyID())
                .contains(kid);
    }

    @Test
    void a_rotation_seen_by_another_replica_keeps_the_old_key_verifiable() {
        String before = keys.current().block().kid();
        var otherReplica = new SigningKeys(db, tx, properties);

        String after = keys.rotate().block().kid();

        var reloaded = otherReplica.refresh().block();
        assertThat(reloaded.kid()).isEqualTo(after);
        assertThat(reloaded.publicKeys()).extracting(key -> key.getKeyID()).contains(before, after);
    }
}
