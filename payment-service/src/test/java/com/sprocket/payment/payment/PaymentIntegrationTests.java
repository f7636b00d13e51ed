package com.sprocket.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sprocket.payment.PaymentTestSupport;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.test.Parallel;
import com.sprocket.platform.test.TestTokens;
import com.sprocket.platform.test.TestTokens.TestUser;
import com.sprocket.platform.test.TopicProbe;
import com.sprocket.tjsandbox.Switches;
import com.sprocket.tjsandbox.TestCards;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PaymentIntegrationTests extends PaymentTestSupport {

    private final TopicProbe payments = TopicProbe.of("payment.payments");

    @AfterEach
    void closeProbe() {
        payments.close();
    }

    @Test
    void a_customer_pays_with_a_success_card_and_the_payment_moves_to_settled_with_one_event_per_step() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 4990);

        JsonNode payment = started(customer, order);
        assertThat(payment.get("status").asString()).isEqualTo("pending");
        assertThat(payment.get("amountMinor").asLong()).isEqualTo(4990);
        assertThat(payment.get("clientSecret").asString()).isNotBlank();
        assertThat(payment.get("confirmUrl").asString())
                .startsWith(SANDBOX.baseUrl().toString());
        String id = payment.get("id").asString();

        confirm(payment, TestCards.SUCCESS);
        awaitPaymentStatus(id, "settled");

        // webhooks may overtake each other (authorised and paid leave the provider together): every
        // change is one event, in forward order, and a status skipped over is not published late
        var events = payments.await(TopicProbe.key(order.toString()).and(TopicProbe.type("payment.settled.v1")), 1);
        List<String> types = payments.matching(TopicProbe.key(order.toString())).stream()
                .map(TopicProbe::json)
                .map(e -> e.get("type").asString())
                .toList();
        assertThat(types)
                .doesNotHaveDuplicates()
                .startsWith("payment.pending.v1")
                .endsWith("payment.settled.v1");
        assertThat(List.of(
                        "payment.pending.v1",
                        "payment.processing.v1",
                        "payment.authorised.v1",
                        "payment.paid.v1",
                        "payment.settled.v1"))
                .containsSubsequence(types);
        JsonNode paid = TopicProbe.json(events.getFirst()).get("data");
        assertThat(paid.get("orderId").asString()).isEqualTo(order.toString());
        assertThat(paid.get("paymentId").asString()).isEqualTo(id);
        assertThat(paid.get("customerId").asString()).isEqualTo(customer.id().toString());
        assertThat(count("SELECT count(*) AS n FROM tj_transaction_logs WHERE payment_id = '" + id
                        + "' AND operation = 'create' AND outcome = 'ok'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + providerId(id)
                        + "' AND processed_at IS NOT NULL"))
                .isEqualTo(4);
        assertThat(count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '" + providerId(id)
                        + "' AND outcome = 'changed'"))
                .isEqualTo(types.size() - 1);
        client.get()
                .uri("/api/payments/{id}", id)
                .header("Authorization", customer.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("settled")
                .jsonPath("$.clientSecret")
                .doesNotExist();
    }

    @Test
    void a_declined_card_fails_the_payment_and_the_buyer_may_pay_again() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 1500);
        JsonNode first = started(customer, order);

        confirm(first, TestCards.DECLINED);
        awaitPaymentStatus(first.get("id").asString(), "failed");

        assertThat(text("SELECT failure_reason AS v FROM payments WHERE id = '"
                        + first.get("id").asString() + "'"))
                .isEqualTo("card_declined");
        JsonNode second = started(customer, order);
        confirm(second, TestCards.INSUFFICIENT_FUNDS);
        awaitPaymentStatus(second.get("id").asString(), "failed");
        assertThat(text("SELECT failure_reason AS v FROM payments WHERE id = '"
                        + second.get("id").asString() + "'"))
                .isEqualTo("insufficient_funds");
    }

    @Test
    void the_same_key_returns_the_same_payment_another_body_is_refused_and_an_order_has_one_live_payment() {
        TestUser customer = TestTokens.customer();
        UUID order = awaitingOrder(customer, 2500);
        Map<String, String> body = Map.of("orderId", order.toString());

        List<String> ids = Parallel.run(
                8,
                i -> start(customer, null, "key-parallel-pay", body)
                        .expectStatus()
                        .is2xxSuccessful()
                        .expectBody(JsonNode.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id")
                        .asString());

        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(count("SELECT count(*) AS n FROM payments WHERE order_id = '" + order + "'"))
                .isEqualTo(1);
        start(customer, null, "key-parallel-pay", Map.of("orderId", order.toString(), "savePaymentMethod", true))
                .expectStatus()
                .isEqualTo(422);
        start(customer, null, "key-another-one", body)
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.paymentId")
                .isEqualTo(ids.getFirst());
    }

    @Test
    void only_the_buyer_pays_and_the_buyer_the_order_vendors_and_admins_read_the_payment() {
        TestUser customer = TestTokens.customer();
        TestUser vendor = TestTokens.vendor();
        UUID order = awaitingOrder(customer, 990, vendor.id());
        Map<String, String> body = Map.of("orderId", order.toString());

        start(TestTokens.customer(), null, "key-someone-else", body)
                .expectStatus()
                .isForbidden();
        start(vendor, null, "key-a-vendor-pays", body).expectStatus().isForbidden();
        start(TestTokens.admin(), null, "key-an-admin-pays", body)
                .expectStatus()
                .isForbidden();
        start(null, null, "key-a-guest-pays", body).expectStatus().isUnauthorized();
        String id = started(customer, order).get("id").asString();

        for (TestUser reader : List.of(customer, vendor, TestTokens.admin(), TestTokens.superAdmin())) {
            client.get()
                    .uri("/api/payments/{id}", id)
                    .header("Authorization", reader.bearer())
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        for (TestUser stranger : List.of(TestTokens.customer(), TestTokens.vendor())) {
            client.get()
                    .uri("/api/payments/{id}", id)
                    .header("Authorization", stranger.bearer())
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
        client.get().uri("/api/payments/{id}", id).exchange().expectStatus().isUnauthorized();
        client.get()
                .uri("/api/payments?limit=10")
                .header("Authorization", vendor.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(1);
        client.get()
                .uri("/api/payments?limit=10")
                .header("Authorization", TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(0);
    }

    @Test
    void a_guest_pays_and_reads_with_the_order_token_and_nothing_without_it() {
        String token = SecretTokens.newToken();
        UUID order = awaitingGuestOrder(token, 1290);

        start(null, SecretTokens.newToken(), "key-guest-wrong", Map.of("orderId", order.toString()))
                .expectStatus()
                .isNotFound();
        JsonNode payment = start(null, token, "key-guest-right", Map.of("orderId", order.toString()))
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        confirm(payment, TestCards.SUCCESS);
        String id = payment.get("id").asString();
        awaitPaymentStatus(id, "settled");

        client.get()
                .uri("/api/payments/{id}", id)
                .header("X-Order-Token", token)
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/api/payments/{id}", id)
                .header("X-Order-Token", SecretTokens.newToken())
                .exchange()
                .expectStatus()
                .isNotFound();
        start(null, token, "key-guest-saves", Map.of("orderId", order.toString(), "savePaymentMethod", true))
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void an_order_not_awaiting_payment_is_a_409_and_an_unknown_order_a_404() {
        TestUser customer = TestTokens.customer();
        UUID placed = order(UUID.randomUUID(), customer.id(), null, "placed", 1000, 1);
        UUID expired = order(UUID.randomUUID(), customer.id(), null, "expired", 1000, 3);

        start(customer, null, "key-placed-order", Map.of("orderId", placed.toString()))
                .expectStatus()
                .isEqualTo(409);
        start(customer, null, "key-expired-order", Map.of("orderId", expired.toString()))
                .expectStatus()
                .isEqualTo(409);
        start(
                        customer,
                        null,
                        "key-unknown-order",
                        Map.of("orderId", UUID.randomUUID().toString()))
                .expectStatus()
                .isNotFound();
        assertThat(count("SELECT count(*) AS n FROM payments WHERE customer_id = '" + customer.id() + "'"))
                .isZero();
    }

    @Test
    void a_customer_saves_a_card_pays_the_next_order_with_it_and_deletes_it() {
        TestUser customer = TestTokens.customer();
        JsonNode first = start(
                        customer,
                        null,
                        "key-save-card",
                        Map.of("orderId", awaitingOrder(customer, 3000).toString(), "savePaymentMethod", true))
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        confirm(first, TestCards.SUCCESS, true);
        awaitPaymentStatus(first.get("id").asString(), "settled");

        JsonNode methods = client.get()
                .uri("/api/payments/methods")
                .header("Authorization", customer.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(methods).hasSize(1);
        assertThat(methods.get(0).get("last4").asString()).isEqualTo("4242");
        assertThat(methods.get(0).has("providerToken")).isFalse();
        String method = methods.get(0).get("id").asString();

        UUID second = awaitingOrder(customer, 1200);
        String paid = start(
                        customer,
                        null,
                        "key-saved-card",
                        Map.of("orderId", second.toString(), "paymentMethodId", method))
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        awaitPaymentStatus(paid, "settled");
        assertThat(text("SELECT payment_method_id::text AS v FROM payments WHERE id = '" + paid + "'"))
                .isEqualTo(method);

        client.delete()
                .uri("/api/payments/methods/{id}", method)
                .header("Authorization", TestTokens.customer().bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        client.delete()
                .uri("/api/payments/methods/{id}", method)
                .header("Authorization", customer.bearer())
                .exchange()
                .expectStatus()
                .isNoContent();
        client.get()
                .uri("/api/payments/methods")
                .header("Authorization", customer.bearer())
                .exchange()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
        start(
                        customer,
                        null,
                        "key-deleted-card",
                        Map.of("orderId", awaitingOrder(customer, 800).toString(), "paymentMethodId", method))
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void
            a_provider_outage_opens_the_circuit_answers_503_with_retry_after_creates_nothing_and_reconciliation_catches_up() {
        TestUser customer = TestTokens.customer();
        JsonNode inFlight = started(customer, awaitingOrder(customer, 1900));
        SANDBOX.switches(new Switches(1, 0, 0, true, false, 0)); // its webhooks are lost ...
        confirm(inFlight, TestCards.SUCCESS);
        SANDBOX.switches(new Switches(1, 0, 0, true, true, 0)); // ... and then TJ goes down
        UUID order = awaitingOrder(customer, 2000);

        List<String> details = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 6; attempt++) {
            details.add(start(customer, null, "key-outage-" + attempt, Map.of("orderId", order.toString()))
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .exists("Retry-After")
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody()
                    .get("detail")
                    .asString());
        }
        assertThat(details).anyMatch(detail -> detail.contains("calls to it are paused")); // the circuit opened
        assertThat(count("SELECT count(*) AS n FROM payments WHERE order_id = '" + order + "'"))
                .isZero();
        assertThat(count("SELECT count(*) AS n FROM tj_transaction_logs WHERE outcome = 'unavailable'"))
                .isGreaterThanOrEqualTo(2);
        assertThat(text("SELECT status AS v FROM payments WHERE id = '"
                        + inFlight.get("id").asString() + "'"))
                .isEqualTo("pending");

        SANDBOX.switches(new Switches(1, 0, 0, true, false, 0)); // TJ is back; webhooks still lost
        awaitPaymentStatus(inFlight.get("id").asString(), "settled"); // reconciliation completed it
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> start(customer, null, "key-after-outage", Map.of("orderId", order.toString()))
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 201);
        // a second call through the half-open circuit closes it again
        started(customer, awaitingOrder(customer, 2100));
    }

    @Test
    void when_the_sandbox_drops_every_webhook_reconciliation_still_reaches_the_final_state() {
        TestUser customer = TestTokens.customer();
        JsonNode payment = started(customer, awaitingOrder(customer, 1750));
        SANDBOX.switches(new Switches(1, 0, 0, true, false, 0));

        confirm(payment, TestCards.SUCCESS);

        awaitPaymentStatus(payment.get("id").asString(), "settled");
        assertThat(count("SELECT count(*) AS n FROM webhook_events WHERE provider_payment_id = '"
                        + providerId(payment.get("id").asString()) + "'"))
                .isZero();
        assertThat(count("SELECT count(*) AS n FROM tj_transaction_logs WHERE payment_id = '"
                        + payment.get("id").asString() + "' AND operation = 'get'"))
                .isPositive();
    }

    @Test
    void a_card_with_a_challenge_waits_for_it_and_a_delayed_card_is_authorised_later() {
        TestUser customer = TestTokens.customer();
        JsonNode challenged = started(customer, awaitingOrder(customer, 1000));
        JsonNode confirmed = confirm(challenged, TestCards.CHALLENGE);
        assertThat(confirmed.get("status").asString()).isEqualTo("requires_action");
        String challenge = confirmed.get("nextAction").get("url").asString();
        awaitPaymentStatus(challenged.get("id").asString(), "processing");

        var answer = post(
                URI.create(challenge),
                null,
                Map.of("clientSecret", challenged.get("clientSecret").asString(), "code", TestCards.CHALLENGE_CODE));
        assertThat(answer.statusCode()).isEqualTo(200);
        awaitPaymentStatus(challenged.get("id").asString(), "settled");

        JsonNode delayed = started(customer, awaitingOrder(customer, 1100));
        confirm(delayed, TestCards.DELAYED);
        awaitPaymentStatus(delayed.get("id").asString(), "processing");
        awaitPaymentStatus(delayed.get("id").asString(), "settled");
    }
}
