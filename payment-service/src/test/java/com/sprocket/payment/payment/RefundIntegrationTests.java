package com.sprocket.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.payment.PaymentTestSupport;
import com.sprocket.platform.test.Parallel;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.tjsandbox.Switches;
import com.sprocket.tjsandbox.TestCards;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class RefundIntegrationTests extends PaymentTestSupport {

    private final TestUser root = TestTokens.superAdmin();

    @Test
    void a_partial_and_a_partial_refund_make_a_full_one_and_more_than_captured_is_refused() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 5000);
        String id = paid(customer, order);

        refund(root, id, "key-refund-0001", Map.of("amountMinor", 2000, "reason", "one part missing"))
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("succeeded");
        refund(root, id, "key-refund-0002", Map.of("amountMinor", 3001, "reason", "too much"))
                .expectStatus()
                .isEqualTo(409);
        refund(root, id, "key-refund-0003", Map.of("amountMinor", 3000, "reason", "the rest"))
                .expectStatus()
                .isCreated();
        refund(root, id, "key-refund-0004", Map.of("amountMinor", 1, "reason", "nothing left"))
                .expectStatus()
                .isEqualTo(409);

        JsonNode payment = get(customer, id);
        assertThat(payment.get("status").asString()).isEqualTo("refunded");
        assertThat(payment.get("refundedMinor").asLong()).isEqualTo(5000);
        assertThat(atProvider(providerId(id)).get("amountRefunded").asLong()).isEqualTo(5000);
        assertThat(outboxEvents(order, "payment.refunded.v1")).isEqualTo(2);
        assertThat(count("SELECT count(*) AS n FROM tj_transaction_logs WHERE payment_id = '" + id
                        + "' AND operation = 'refund'"))
                .isEqualTo(2); // the over-refunds were refused here, before reaching TJ
    }

    @Test
    void the_same_refund_request_sent_eight_times_at_once_is_applied_once() {
        TestUser customer = TestTokens.customer();
        String id = paid(customer, awaitingOrder(customer, 3000));

        List<String> refunds = Parallel.run(
                8,
                i -> refund(root, id, "key-refund-dupe", Map.of("amountMinor", 1000, "reason", "damaged"))
                        .expectStatus()
                        .is2xxSuccessful()
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id")
                        .asString());

        assertThat(refunds).containsOnly(refunds.getFirst());
        assertThat(count("SELECT count(*) AS n FROM refunds WHERE payment_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(atProvider(providerId(id)).get("amountRefunded").asLong()).isEqualTo(1000);
        refund(root, id, "key-refund-dupe", Map.of("amountMinor", 999, "reason", "damaged"))
                .expectStatus()
                .isEqualTo(422);
    }

    @Test
    void only_super_admins_refund_and_readers_of_the_payment_see_its_refunds() {
        TestUser customer = TestTokens.customer();
        String id = paid(customer, awaitingOrder(customer, 3000));
        Map<String, Object> body = Map.of("amountMinor", 100, "reason", "goodwill");

        for (TestUser notAllowed : List.of(customer, TestTokens.admin(), TestTokens.vendor())) {
            refund(notAllowed, id, "key-refund-deny", body).expectStatus().isForbidden();
        }
        refund(root, id, "key-refund-allow", body).expectStatus().isCreated();

        client.get()
                .uri("/api/payments/{id}/refunds", id)
                .header("Authorization", customer.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1);
        client.get()
                .uri("/api/payments/{id}/refunds", id)
                .header("Authorization", TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void a_refund_while_the_provider_is_down_is_accepted_and_executed_once_it_is_back() {
        TestUser customer = TestTokens.customer();
        String id = paid(customer, awaitingOrder(customer, 2500));
        SANDBOX.switches(new Switches(1, 0, 0, false, true, 0));

        String refund = refund(root, id, "key-refund-outage", Map.of("reason", "all of it"))
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        SANDBOX.switches(Switches.NORMAL);

        await().atMost(Duration.ofSeconds(40))
                .until(() -> "succeeded".equals(text("SELECT status AS v FROM refunds WHERE id = '" + refund + "'")));
        awaitPaymentStatus(id, "refunded");
        assertThat(atProvider(providerId(id)).get("amountRefunded").asLong()).isEqualTo(2500);
    }

    @Test
    void a_buyer_cancelling_a_paid_order_gets_a_full_refund_once() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 3300);
        String id = paid(customer, order);

        order(order, customer.id(), null, "refund_requested", 3300, 4);
        order(order, customer.id(), null, "refund_requested", 3300, 5); // asked twice

        awaitPaymentStatus(id, "refunded");
        assertThat(count("SELECT count(*) AS n FROM refunds WHERE payment_id = '" + id
                        + "' AND requested_by = 'order-cancelled' AND status = 'succeeded'"))
                .isEqualTo(1);
        assertThat(atProvider(providerId(id)).get("amountRefunded").asLong()).isEqualTo(3300);
    }

    @Test
    void money_that_arrives_after_the_order_expired_is_refunded_automatically() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 1800);
        JsonNode payment = started(customer, order);
        order(order, customer.id(), null, "expired", 1800, 3);

        confirm(payment, TestCards.SUCCESS);

        String id = payment.get("id").asString();
        awaitPaymentStatus(id, "refunded");
        assertThat(count("SELECT count(*) AS n FROM refunds WHERE payment_id = '" + id
                        + "' AND requested_by = 'order-closed' AND amount_minor = 1800"))
                .isEqualTo(1);
        assertThat(atProvider(providerId(id)).get("amountRefunded").asLong()).isEqualTo(1800);
    }

    private String paid(TestUser customer, UUID order) {
        JsonNode payment = started(customer, order);
        confirm(payment, TestCards.SUCCESS);
        String id = payment.get("id").asString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> List.of("paid", "settled")
                        .contains(text("SELECT status AS v FROM payments WHERE id = '" + id + "'")));
        return id;
    }

    private WebTestClient.ResponseSpec refund(TestUser user, String id, String key, Map<String, ?> body) {
        return client.post()
                .uri("/api/payments/{id}/refunds", id)
                .header("Authorization", user.bearer())
                .header("Idempotency-Key", key)
                .bodyValue(body)
                .exchange();
    }

    private JsonNode get(TestUser user, String id) {
        return client.get()
                .uri("/api/payments/{id}", id)
                .header("Authorization", user.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
