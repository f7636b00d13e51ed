package com.sprocket.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.payment.PaymentTestSupport;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.tjsandbox.Switches;
import com.sprocket.tjsandbox.TestCards;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The webhook endpoint under attack and under a storm: forged, stale, replayed and unknown events change
 * nothing; duplicated and shuffled deliveries apply each real transition once.
 */
class WebhookIntegrationTests extends PaymentTestSupport {

    @Test
    void forged_wrongly_signed_stale_future_and_malformed_signatures_are_400_and_nothing_is_stored() {
        TestUser customer = TestTokens.customer();
        JsonNode payment = started(customer, awaitingOrder(customer, 1000));
        String pid = providerId(payment.get("id").asString());
        String body = event("evt_attack_" + UUID.randomUUID(), "payment.paid", pid, "paid", 1000);
        Instant now = Instant.now();

        webhook(body, null).expectStatus().isBadRequest();
        webhook(body, "v1=abc").expectStatus().isBadRequest();
        webhook(body, "t=" + now.getEpochSecond() + ",v1=zz").expectStatus().isBadRequest();
        webhook(body, signature("whsec_someone_else", now, body)).expectStatus().isBadRequest();
        webhook(body, signature(SECRET, now.minusSeconds(330), body))
                .expectStatus()
                .isBadRequest();
        webhook(body, signature(SECRET, now.plusSeconds(330), body))
                .expectStatus()
                .isBadRequest();
        String signed = signature(SECRET, now, body);
        webhook(body.replace("\"paid\"", "\"settled\""), signed).expectStatus().isBadRequest(); // tampered body

        assertThat(count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + pid + "'"))
                .isZero();
        assertThat(text("SELECT status AS v FROM payments WHERE provider_payment_id = '" + pid + "'"))
                .isEqualTo("pending");
    }

    @Test
    void during_a_secret_rotation_both_secrets_are_accepted_and_a_redelivery_is_acknowledged_as_a_duplicate() {
        TestUser customer = TestTokens.customer();
        JsonNode payment = started(customer, awaitingOrder(customer, 1000));
        String id = payment.get("id").asString();
        String pid = providerId(id);
        String processing = event("evt_rot_" + UUID.randomUUID(), "payment.processing", pid, "processing", 1000);
        String authorised = event("evt_rot_" + UUID.randomUUID(), "payment.authorised", pid, "authorised", 1000);

        webhook(processing, signature(SECRET, Instant.now(), processing))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.duplicate")
                .isEqualTo(false);
        webhook(authorised, signature(PREVIOUS_SECRET, Instant.now(), authorised))
                .expectStatus()
                .isOk();
        webhook(authorised, signature(SECRET, Instant.now(), authorised))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.duplicate")
                .isEqualTo(true);

        awaitPaymentStatus(id, "authorised");
        assertThat(count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + pid + "'"))
                .isEqualTo(2);
        assertThat(outboxEvents(UUID.fromString(payment.get("orderId").asString()), "payment.authorised.v1"))
                .isEqualTo(1);
    }

    @Test
    void an_old_event_replayed_later_is_refused_and_an_unknown_payment_is_stored_and_ignored() {
        TestUser customer = TestTokens.customer();
        JsonNode payment = started(customer, awaitingOrder(customer, 1000));
        String pid = providerId(payment.get("id").asString());
        String old = event("evt_old_" + UUID.randomUUID(), "payment.paid", pid, "paid", 1000);
        String signedLongAgo = signature(SECRET, Instant.now().minus(Duration.ofHours(2)), old);

        webhook(old, signedLongAgo).expectStatus().isBadRequest();

        String unknownEvent = "evt_unknown_" + UUID.randomUUID();
        String unknown = event(unknownEvent, "payment.paid", "tjp_doesnotexist", "paid", 1000);
        webhook(unknown, signature(SECRET, Instant.now(), unknown))
                .expectStatus()
                .isOk();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "unknown_payment"
                        .equals(text("SELECT outcome AS v FROM webhook_events WHERE provider_event_id = '"
                                + unknownEvent + "' AND processed_at IS NOT NULL")));
        assertThat(text("SELECT status AS v FROM payments WHERE provider_payment_id = '" + pid + "'"))
                .isEqualTo("pending");
        assertThat(outboxEvents(UUID.fromString(payment.get("orderId").asString()), "payment.paid.v1"))
                .isZero();
    }

    @Test
    void a_hundred_duplicated_and_shuffled_deliveries_end_in_one_final_state_with_one_event_per_transition() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 4200);
        JsonNode payment = started(customer, order);
        String id = payment.get("id").asString();
        SANDBOX.switches(new Switches(25, 0, 1500, false, false, 0));

        confirm(payment, TestCards.SUCCESS);

        String pid = providerId(id);
        // processing, authorised, paid, settled: 4 events x 25 copies
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SANDBOX.webhookCounts().get("delivered") >= 100
                        && count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + pid
                                        + "' AND processed_at IS NOT NULL")
                                == 4);
        awaitPaymentStatus(id, "settled");
        assertThat(count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + pid + "'"))
                .isEqualTo(4);
        long changes = count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + pid
                + "' AND outcome = 'changed'");
        long events = count("SELECT count(*) AS n FROM outbox WHERE aggregate_id = '" + order
                + "' AND event_type <> 'payment.pending.v1'");
        assertThat(events).isEqualTo(changes).isBetween(1L, 4L);
        assertThat(outboxEvents(order, "payment.settled.v1")).isEqualTo(1);
        assertThat(count("SELECT count(*) AS n FROM outbox WHERE aggregate_id = '" + order
                        + "' GROUP BY event_type ORDER BY n DESC LIMIT 1"))
                .isEqualTo(1);
        assertThat(text("SELECT version::text AS v FROM payments WHERE id = '" + id + "'"))
                .isEqualTo(String.valueOf(1 + changes));
    }

    @Test
    void a_body_that_is_not_a_json_event_is_a_400_and_a_body_over_the_limit_a_413() {
        String notJson = "this is not json";
        webhook(notJson, signature(SECRET, Instant.now(), notJson))
                .expectStatus()
                .isBadRequest();
        String noId = "{\"type\":\"payment.paid\"}";
        webhook(noId, signature(SECRET, Instant.now(), noId)).expectStatus().isBadRequest();
        String huge = "{\"id\":\"evt_big\",\"type\":\"payment.paid\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        webhook(huge, signature(SECRET, Instant.now(), huge)).expectStatus().isEqualTo(413);
    }
}
