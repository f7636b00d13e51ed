package com.sprocket.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

@SprocketIntegrationTest
@TestPropertySource(properties = {"sprocket.retention.batch-size=2", "sprocket.retention.enabled=false"})
class RetentionIntegrationTests {

    @Autowired
    Retention retention;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Test
    void purges_only_rows_past_their_retention_in_batches_until_none_is_left() {
        TestDatabase database = TestDatabase.of(environment);
        for (int i = 0; i < 5; i++) {
            database.execute(
                    "INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('c', ?, now() - interval '15 days')",
                    "old-" + i);
        }
        database.execute(
                "INSERT INTO inbox (consumer, event_id, processed_at) VALUES ('c', 'recent', now() - interval '13 days')");
        insertOutbox(database, "published-long-ago", "now() - interval '8 days'", "now() - interval '8 days'");
        insertOutbox(database, "published-yesterday", "now() - interval '1 day'", "now() - interval '1 day'");
        insertOutbox(database, "never-published", "now() - interval '30 days'", "NULL");

        Map<String, Long> purged = retention.purgeAll().block();

        assertThat(purged).containsEntry("inbox", 5L).containsEntry("outbox", 1L);
        assertThat(database.rows("SELECT event_id FROM inbox"))
                .extracting(row -> row.get("event_id"))
                .containsExactly("recent");
        assertThat(database.rows("SELECT aggregate_id FROM outbox ORDER BY seq"))
                .extracting(row -> row.get("aggregate_id"))
                .containsExactly("published-yesterday", "never-published");
        assertThat(meters.get("sprocket.retention.purged")
                        .tag("rule", "inbox")
                        .counter()
                        .count())
                .isEqualTo(5);
        assertThat(retention.purgeAll().block()).containsEntry("inbox", 0L).containsEntry("outbox", 0L);
    }

    private static void insertOutbox(TestDatabase database, String aggregate, String createdAt, String publishedAt) {
        database.execute(
                "INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, envelope, created_at,"
                        + " published_at) VALUES (gen_random_uuid(), 'widgets.retention', 'widget', ?, 'widget.changed.v1', '{}',"
                        + createdAt + ", " + publishedAt + ")",
                aggregate);
    }
}
