package com.sprocket.payment.payment;

import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.security.SecretTokens;
import com.sprocket.platform.sql.NewestFirst;
import com.sprocket.platform.web.ApiProblems;
import com.sprocket.platform.web.Cursor;
import com.sprocket.platform.web.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * Payments after they started: who may read which (the buyer, the guest with the order token, the
 * order's vendors, admins), and what the provider reports (a webhook, or the answer when reconciling)
 * does to them. Each report is applied under the payment's row lock: forward only, once.
 */
@Service
public class PaymentBook {

    private static final Logger log = LoggerFactory.getLogger(PaymentBook.class);

    private final Payments payments;
    private final PayableOrders orders;
    private final Refunds refunds;
    private final Refunding refunding;
    private final SavedMethods methods;
    private final TjClient tj;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    PaymentBook(
            Payments payments,
            PayableOrders orders,
            Refunds refunds,
            Refunding refunding,
            SavedMethods methods,
            TjClient tj,
            Outbox outbox,
            TransactionalOperator tx,
            Clock clock) {
        this.payments = payments;
        this.orders = orders;
        this.refunds = refunds;
        this.refunding = refunding;
        this.methods = methods;
        this.tj = tj;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reads

    public Mono<Payment> get(UUID id, CurrentUser user, String orderToken) {
        return payments.find(id)
                .switchIfEmpty(Mono.error(() -> notFound(user, orderToken, id)))
                .flatMap(payment -> requireReader(payment, user, orderToken));
    }

    public Mono<List<Refund>> refunds(UUID id, CurrentUser user, String orderToken) {
        return get(id, user, orderToken)
                .flatMap(payment -> refunds.ofPayment(id).collectList());
    }

    /**
     * Payments newest first: a customer's own, a vendor's (payments of orders with their lines), or for
     * admins everyone's (or one order's).
     */
    public Mono<Page<Payment>> list(CurrentUser user, UUID orderId, String status, String after, int limit) {
        NewestFirst query = NewestFirst.from(Payments.SELECT, "created_at")
                .where("order_id = :order", "order", orderId)
                .where("status = :status", "status", status);
        if (!user.isAdmin()) {
            query = user.has(Role.VENDOR) && !user.has(Role.CUSTOMER)
                    ? query.where(
                            "order_id IN (SELECT order_id FROM payable_orders WHERE :vendor = ANY(vendor_ids))",
                            "vendor",
                            user.id())
                    : query.where("customer_id = :customer", "customer", user.id());
        }
        return payments.page(query.after(after), limit)
                .map(rows -> Page.of(rows, limit, p -> Cursor.ofTimeAndId(p.createdAt(), p.id())));
    }

    private Mono<Payment> requireReader(Payment payment, CurrentUser user, String orderToken) {
        if (user.isAdmin() || (!user.isGuest() && user.owns(payment.customerId()))) {
            return Mono.just(payment);
        }
        if (user.isGuest()) {
            return guestHolds(payment.orderTokenHash(), orderToken)
                    ? Mono.just(payment)
                    : Mono.error(notFound(user, orderToken, payment.id()));
        }
        if (user.has(Role.VENDOR)) {
            return orders.find(payment.orderId())
                    .filter(order -> order.vendorIds().contains(user.id()))
                    .map(order -> payment)
                    .switchIfEmpty(
                            Mono.error(() -> ApiProblems.forbidden("This payment is not for an order of yours.")));
        }
        return Mono.error(ApiProblems.forbidden("This payment is not yours."));
    }

    static boolean guestHolds(String tokenHash, String orderToken) {
        return tokenHash != null
                && orderToken != null
                && MessageDigest.isEqual(
                        SecretTokens.sha256Hex(orderToken).getBytes(StandardCharsets.US_ASCII),
                        tokenHash.getBytes(StandardCharsets.US_ASCII));
    }

    static ErrorResponseException notFound(CurrentUser user, String orderToken, Object id) {
        return user.isGuest() && orderToken == null
                ? ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token, or the order's X-Order-Token.")
                : ApiProblems.notFound("payment", id);
    }

    // ------------------------------------------------------------------ what the provider reports

    /** The outcome of applying one report. */
    public enum Applied {
        CHANGED,
        NO_CHANGE,
        UNKNOWN_PAYMENT
    }

    /**
     * Applies what the provider reports about one of its payments: the status moves forward (one event),
     * a saved card is kept, and money that arrives for an order that no longer wants it is refunded.
     */
    public Mono<Applied> apply(ProviderPayment report) {
        return apply(report, applied -> Mono.empty());
    }

    /**
     * As {@link #apply(ProviderPayment)}, running {@code alsoInTransaction} (given the outcome) in the same
     * transaction: a stored webhook is marked processed together with its effect.
     */
    public Mono<Applied> apply(ProviderPayment report, Function<Applied, Mono<Void>> alsoInTransaction) {
        Optional<PaymentStatus> reported = PaymentStatus.fromProvider(report.status());
        List<Refund> toExecute = new ArrayList<>(1);
        Mono<Applied> decided = report.id() == null || reported.isEmpty()
                ? Mono.just(Applied.NO_CHANGE)
                : payments.lockByProviderId(report.id())
                        .flatMap(payment -> keepMethod(payment, report)
                                .flatMap(current -> decideAndSave(current, reported.get(), report, toExecute)))
                        .defaultIfEmpty(Applied.UNKNOWN_PAYMENT);
        return decided.flatMap(applied -> alsoInTransaction.apply(applied).thenReturn(applied))
                .as(tx::transactional)
                .flatMap(applied -> toExecute.isEmpty()
                        ? Mono.just(applied)
                        : refunding.executeNow(toExecute.getFirst()).thenReturn(applied));
    }

    private Mono<Applied> decideAndSave(
            Payment payment, PaymentStatus reported, ProviderPayment report, List<Refund> toExecute) {
        var change = payment.providerReports(reported, report.failureCode(), report.amountRefunded(), clock.instant());
        if (change.isEmpty()) {
            return Mono.just(Applied.NO_CHANGE);
        }
        Payment next = change.get().payment();
        Mono<Void> refundIfUnwanted =
                !next.status().captured() || payment.status().captured()
                        ? Mono.empty()
                        : orders.find(next.orderId())
                                .filter(PayableOrder::closedWithoutPayment)
                                .flatMap(order -> refunding.requestAllLeft(
                                        next,
                                        "payment arrived after the order was " + order.status(),
                                        "order-closed",
                                        "order-closed"))
                                .doOnNext(toExecute::add)
                                .then();
        return payments.save(next)
                .then(outbox.append(change.get().event()))
                .then(refundIfUnwanted)
                .thenReturn(Applied.CHANGED);
    }

    /** A card the buyer asked to keep is stored (once) and linked to the payment. */
    private Mono<Payment> keepMethod(Payment payment, ProviderPayment report) {
        ProviderPayment.Method method = report.method();
        if (method == null
                || !method.saved()
                || !payment.saveMethod()
                || payment.customerId() == null
                || payment.paymentMethodId() != null) {
            return Mono.just(payment);
        }
        return methods.save(payment.customerId(), method)
                .flatMap(id -> payments.linkMethod(payment.id(), id).thenReturn(payment.withMethod(id)));
    }

    /**
     * Refunds what is left of the order's captured payment, when the order no longer wants the money (it
     * was cancelled by its buyer after paying, or closed while a payment was under way).
     */
    public Mono<Void> refundForOrder(UUID orderId, String reason, String key) {
        List<Refund> toExecute = new ArrayList<>(1);
        return payments.liveForOrder(orderId)
                .filter(payment -> payment.status().captured())
                .flatMap(found -> payments.lock(found.id()))
                .flatMap(payment -> refunding.requestAllLeft(payment, reason, key, key))
                .doOnNext(toExecute::add)
                .as(tx::transactional)
                .then(Mono.defer(
                        () -> toExecute.isEmpty() ? Mono.empty() : refunding.executeNow(toExecute.getFirst())));
    }

    /**
     * Reconciliation: payments stuck in a non-final state for longer than {@code stuckAfter} are asked
     * about at the provider and brought up to date. Stops at the first provider outage (the circuit
     * breaker will say when to try again). How many changed.
     */
    public Mono<Integer> reconcile(Duration stuckAfter, int limit) {
        return payments.unsettled(clock.instant().minus(stuckAfter), limit)
                .concatMap(payment -> tj.get(payment.providerPaymentId())
                        .flatMap(this::apply)
                        .onErrorResume(TjClient.Rejected.class, unknown -> {
                            log.warn("TJ does not know payment {}: {}", payment.id(), unknown.getMessage());
                            return Mono.just(Applied.NO_CHANGE);
                        })
                        .flatMap(applied ->
                                payments.checked(payment.id(), clock.instant()).thenReturn(applied)))
                .onErrorResume(TjClient.Unavailable.class, down -> {
                    log.warn("reconciliation paused, TJ is unavailable: {}", down.getMessage());
                    return Mono.empty();
                })
                .filter(applied -> applied == Applied.CHANGED)
                .count()
                .map(Long::intValue);
    }
}
