package com.sprocket.payment.payment;

import com.sprocket.payment.config.PaymentProperties;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.web.ApiProblems;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * Starting a payment: for an order awaiting payment, its buyer (the customer, or the guest with the
 * order token) gets a payment created at the provider and what the browser needs to confirm it there
 * (the card never reaches us). The provider is asked first, under an idempotency key derived from the
 * buyer's {@code Idempotency-Key}; only its answer is saved, with {@code payment.pending.v1}. So a
 * provider outage leaves nothing half-made (503 with Retry-After), and a retry after a lost answer
 * gets the same provider payment. One order has at most one payment that has not failed.
 */
@Service
public class Paying {

    private final Payments payments;
    private final PayableOrders orders;
    private final SavedMethods methods;
    private final TjClient tj;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final int polls;

    Paying(
            Payments payments,
            PayableOrders orders,
            SavedMethods methods,
            TjClient tj,
            Outbox outbox,
            TransactionalOperator tx,
            ObjectMapper json,
            Clock clock,
            PaymentProperties properties) {
        this.payments = payments;
        this.orders = orders;
        this.methods = methods;
        this.tj = tj;
        this.outbox = outbox;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.polls = polls(properties.orderSyncWait());
    }

    /** The payment, and whether it existed already (a retry with the same key). */
    public record Started(Payment payment, boolean replayed, String nextActionUrl) {}

    public Mono<Started> start(CurrentUser user, String orderToken, String idempotencyKey, StartPayment request) {
        return Mono.defer(() -> {
            Payment.Requested requested = requested(user, orderToken, idempotencyKey, request);
            return payments.findByIdempotencyKey(requested.buyerKey(), idempotencyKey)
                    .map(existing -> replay(existing, requested))
                    .switchIfEmpty(Mono.defer(() -> startNew(user, orderToken, requested, request)));
        });
    }

    private Payment.Requested requested(CurrentUser user, String orderToken, String key, StartPayment request) {
        if (!user.isGuest() && !user.has(Role.CUSTOMER)) {
            throw ApiProblems.forbidden("Only the order's buyer pays for it.");
        }
        if (user.isGuest() && (orderToken == null || orderToken.isBlank())) {
            throw ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token, or the order's X-Order-Token.");
        }
        if (user.isGuest() && (request.save() || request.paymentMethodId() != null)) {
            throw ApiProblems.invalid(
                    request.save() ? "savePaymentMethod" : "paymentMethodId",
                    "saved cards are for signed-in customers");
        }
        String buyerKey = user.isGuest() ? "guest:" + SecretTokens.sha256Hex(orderToken) : "user:" + user.id();
        return new Payment.Requested(buyerKey, key, SecretTokens.sha256Hex(json.writeValueAsString(request)));
    }

    private static Started replay(Payment existing, Payment.Requested requested) {
        if (!existing.requested().requestHash().equals(requested.requestHash())) {
            throw ApiProblems.of(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was used for another payment (" + existing.id()
                            + "); use a new key for a new payment.");
        }
        return new Started(existing, true, null);
    }

    private Mono<Started> startNew(
            CurrentUser user, String orderToken, Payment.Requested requested, StartPayment request) {
        return payableOrder(user, orderToken, request.orderId())
                .flatMap(order -> payments.liveForOrder(order.orderId())
                        .flatMap(live -> Mono.<PayableOrder>error(
                                live.requested().buyerKey().equals(requested.buyerKey())
                                                && live.requested()
                                                        .idempotencyKey()
                                                        .equals(requested.idempotencyKey())
                                        ? new MadeMeanwhile(live)
                                        : alreadyPaying(live)))
                        .defaultIfEmpty(order))
                .zipWith(savedCard(user, request))
                .flatMap(ready -> {
                    PayableOrder order = ready.getT1();
                    String card = ready.getT2().isEmpty() ? null : ready.getT2();
                    var newPayment = new TjClient.NewPayment(
                            order.totalMinor(),
                            order.currency(),
                            order.orderId().toString(),
                            user.isGuest() ? null : user.id().toString(),
                            card);
                    String providerKey =
                            SecretTokens.sha256Hex(requested.buyerKey() + ":" + requested.idempotencyKey());
                    return tj.create(newPayment, providerKey)
                            .onErrorMap(TjClient.Unavailable.class, Paying::unavailable)
                            .onErrorMap(
                                    TjClient.Rejected.class,
                                    refused -> ApiProblems.of(
                                            HttpStatus.UNPROCESSABLE_CONTENT,
                                            "The payment provider refused this payment: " + refused.getMessage()))
                            .flatMap(created -> {
                                Payment.Change change = Payment.start(
                                        UUID.randomUUID(),
                                        order,
                                        created,
                                        request.paymentMethodId(),
                                        request.save(),
                                        requested,
                                        clock.instant());
                                return payments.insert(change.payment())
                                        .then(outbox.append(change.event()))
                                        .as(tx::transactional)
                                        .thenReturn(new Started(change.payment(), false, created.nextActionUrl()));
                            });
                })
                .onErrorResume(DuplicateKeyException.class, raced -> raced(requested, request.orderId()))
                .onErrorResume(MadeMeanwhile.class, made -> Mono.just(replay(made.payment, requested)));
    }

    /** A concurrent request with the same key made the payment after this one looked for it. */
    private static final class MadeMeanwhile extends RuntimeException {
        private final transient Payment payment;

        MadeMeanwhile(Payment payment) {
            super(null, null, false, false);
            this.payment = payment;
        }
    }

    /** A concurrent request won: the same key returns its payment; another live payment of the order is a 409. */
    private Mono<Started> raced(Payment.Requested requested, UUID orderId) {
        return payments.findByIdempotencyKey(requested.buyerKey(), requested.idempotencyKey())
                .map(existing -> replay(existing, requested))
                .switchIfEmpty(Mono.defer(() ->
                        payments.liveForOrder(orderId).flatMap(live -> Mono.<Started>error(alreadyPaying(live)))));
    }

    private static ErrorResponseException alreadyPaying(Payment live) {
        ErrorResponseException problem = ApiProblems.conflict("This order already has payment " + live.id() + " ("
                + live.status().code() + "); follow it, or pay again once it has failed.");
        problem.getBody().setProperty("paymentId", live.id());
        return problem;
    }

    static ErrorResponseException unavailable(TjClient.Unavailable down) {
        ErrorResponseException problem = ApiProblems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The payment provider is unavailable"
                        + (down.circuitOpen() ? " (it failed repeatedly; calls to it are paused)" : "")
                        + "; nothing was charged. Try again in "
                        + Math.max(1, down.retryAfter().toSeconds())
                        + " s.");
        problem.getHeaders()
                .set(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(Math.max(1, down.retryAfter().toSeconds())));
        return problem;
    }

    /** The order, once the read model knows it (it may lag order-service by a moment), if this buyer may pay it. */
    private Mono<PayableOrder> payableOrder(CurrentUser user, String orderToken, UUID orderId) {
        return Mono.defer(() -> orders.find(orderId))
                .filter(order -> !"placed".equals(order.status()))
                .repeatWhenEmpty(ticks -> ticks.take(polls).concatMap(n -> Mono.delay(backoff(n))))
                .switchIfEmpty(Mono.defer(() -> orders.find(orderId)))
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("order", orderId)))
                .map(order -> {
                    boolean buyer = user.isGuest()
                            ? PaymentBook.guestHolds(order.orderTokenHash(), orderToken)
                            : user.owns(order.customerId());
                    if (!buyer) {
                        throw user.isGuest()
                                ? ApiProblems.notFound("order", orderId)
                                : ApiProblems.forbidden("This order is not yours.");
                    }
                    if (!order.awaitingPayment()) {
                        throw ApiProblems.conflict(
                                "The order is " + order.status() + "; only an order awaiting payment can be paid.");
                    }
                    return order;
                });
    }

    /** The saved card's provider token ("" for none). */
    private Mono<String> savedCard(CurrentUser user, StartPayment request) {
        if (request.paymentMethodId() == null) {
            return Mono.just("");
        }
        return methods.findUsable(request.paymentMethodId())
                .filter(method -> user.owns(method.customerId()))
                .map(SavedMethod::providerToken)
                .switchIfEmpty(
                        Mono.error(() -> ApiProblems.invalid("paymentMethodId", "is not one of your saved cards")));
    }

    private static int polls(Duration wait) {
        int polls = 0;
        for (long waited = 0; waited < wait.toMillis(); polls++) {
            waited += backoff(polls).toMillis();
        }
        return Math.max(1, polls);
    }

    private static Duration backoff(long attempt) {
        return Duration.ofMillis(Math.min(1000, 50L << Math.min(attempt, 5)));
    }
}
