package com.sprocket.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.platform.test.SprocketIntegrationTest;
import com.sprocket.platform.test.TestDatabase;
import com.sprocket.platform.test.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

/** Every wait on the database is bounded, and a caller that gives up frees the server at once. */
@SprocketIntegrationTest
class DatabaseLimitsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    DatabaseClient db;

    @Test
    void a_client_that_gives_up_cancels_its_query_on_the_server() {
        TestDatabase database = TestDatabase.of(environment);
        var request = WebClient.create("http://127.0.0.1:" + port)
                .get()
                .uri("/slow?seconds=20")
                .header("Authorization", TestTokens.customer().bearer())
                .retrieve()
                .bodyToMono(String.class)
                .timeout(Duration.ofMillis(700))
                .onErrorReturn("gave up");

        await().atMost(Duration.ofSeconds(5)).until(() -> "gave up".equals(request.block()));

        await("the query is gone from the server well before its 20 s")
                .atMost(Duration.ofSeconds(5))
                .until(() -> sleeping(database) == 0);
        assertThat(db.sql("SELECT 1 AS one")
                        .map(row -> row.get("one", Integer.class))
                        .one()
                        .block())
                .as("the pool's connections still work")
                .isEqualTo(1);
    }

    @Test
    void every_connection_has_bounded_statement_and_idle_transaction_timeouts() {
        assertThat(setting("statement_timeout")).isEqualTo("15s");
        assertThat(setting("idle_in_transaction_session_timeout")).isEqualTo("30s");
    }

    private String setting(String name) {
        return db.sql("SELECT current_setting(:name) AS value")
                .bind("name", name)
                .map(row -> row.get("value", String.class))
                .one()
                .block();
    }

    private static long sleeping(TestDatabase database) {
        return database.count(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND state = 'active' AND query LIKE '%pg_sleep%'"
                        + " AND pid <> pg_backend_pid()",
                database.name());
    }
}
