package com.sprocket.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.payment.PaymentTestSupport;
import com.sprocket.platform.test.FaultInjection;
import com.sprocket.platform.test.Faults;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.tjsandbox.TestCards;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away while TJ delivers a payment's webhooks: nothing can be stored, so nothing is
 * acknowledged (5xx), TJ retries with backoff, and once the database is back every event is stored and
 * applied once. Nothing is dead-lettered or lost.
 */
@FaultInjection
class WebhookFaultIntegrationTests extends PaymentTestSupport {

    @Autowired
    Faults faults;

    @AfterEach
    void restore() {
        faults.database().restore();
    }

    /** The database stays away this long: a deliberate wait (the outage itself), not a wait for a condition. */
    private static void outage(Duration length) {
        try {
            Thread.sleep(length.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void webhooks_that_arrive_while_the_database_is_down_are_refused_retried_by_the_provider_and_applied_once() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 3100);
        JsonNode payment = started(customer, order);
        String id = payment.get("id").asString();
        long failedBefore = SANDBOX.webhookCounts().get("failedAttempts");

        faults.database().cut();
        confirm(payment, TestCards.SUCCESS);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SANDBOX.webhookCounts().get("failedAttempts") > failedBefore + 4);
        outage(Duration.ofSeconds(20));
        faults.database().restore();

        await().atMost(Duration.ofSeconds(90)).until(() -> {
            try {
                return "settled".equals(text("SELECT status AS v FROM payments WHERE id = '" + id + "'"));
            } catch (RuntimeException reconnecting) {
                return false;
            }
        });
        String pid = providerId(id);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + pid
                                + "' AND processed_at IS NOT NULL")
                        == 4);
        assertThat(outboxEvents(order, "payment.settled.v1")).isEqualTo(1);
        assertThat(count("SELECT count(*) AS n FROM outbox WHERE aggregate_id = '" + order
                        + "' GROUP BY event_type ORDER BY n DESC LIMIT 1"))
                .isEqualTo(1);
    }
}
