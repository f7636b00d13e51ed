package com.sprocket.payment.payment;

import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.web.ApiProblems;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Refunds: asked for in one transaction (the payment locked, never more than captured minus what is
 * already refunded or pending, one refund per idempotency key), then executed at the provider with the
 * refund's id as its idempotency key, then recorded with the payment's {@code payment.refunded.v1}. A
 * provider outage leaves the refund pending; the sweep executes it later, once.
 */
@Service
public class Refunding {

    private static final Logger log = LoggerFactory.getLogger(Refunding.class);

    private final Payments payments;
    private final Refunds refunds;
    private final TjClient tj;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    Refunding(Payments payments, Refunds refunds, TjClient tj, Outbox outbox, TransactionalOperator tx, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.tj = tj;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** The result: the refund, and whether this request made it (false: the idempotency key's earlier refund). */
    public record Requested(Refund refund, boolean created) {}

    /**
     * Refunds {@code amount} (all that is left when null) of a captured payment, and executes it at once.
     * The same {@code key} returns the same refund; with another amount it is refused (422).
     */
    public Mono<Requested> request(UUID paymentId, Long amount, String reason, String key, String requestedBy) {
        return refunds.findByKey(paymentId, key)
                .map(existing -> new Requested(sameRequest(existing, amount), false))
                .switchIfEmpty(Mono.defer(() -> create(paymentId, amount, reason, key, requestedBy)
                        .flatMap(refund -> execute(refund).map(done -> new Requested(done, true)))))
                .onErrorResume(
                        DuplicateKeyException.class,
                        raced -> refunds.findByKey(paymentId, key)
                                .map(existing -> new Requested(sameRequest(existing, amount), false)));
    }

    private static Refund sameRequest(Refund existing, Long amount) {
        if (amount != null && amount != existing.amountMinor()) {
            throw ApiProblems.of(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was used for a refund of " + existing.amountMinor()
                            + "; use a new key for another refund.");
        }
        return existing;
    }

    private Mono<Refund> create(UUID paymentId, Long amount, String reason, String key, String requestedBy) {
        return payments.lock(paymentId)
                .switchIfEmpty(Mono.error(() -> ApiProblems.notFound("payment", paymentId)))
                .zipWhen(payment -> refunds.open(paymentId))
                .flatMap(locked -> {
                    Payment payment = locked.getT1();
                    long refundable = payment.refundable(locked.getT2());
                    if (!payment.status().captured()) {
                        return Mono.error(ApiProblems.conflict("The payment is "
                                + payment.status().code() + "; only captured payments are refunded."));
                    }
                    long wanted = amount == null ? refundable : amount;
                    if (wanted <= 0 || wanted > refundable) {
                        return Mono.error(ApiProblems.conflict("At most " + refundable + " " + payment.currency()
                                + " (minor units) is left to refund; " + wanted + " was asked."));
                    }
                    Refund refund = Refund.request(paymentId, wanted, reason, key, requestedBy, clock.instant());
                    return refunds.insert(refund).thenReturn(refund);
                })
                .as(tx::transactional);
    }

    /**
     * Inside the caller's transaction (the payment locked): asks for a refund of all that is left, once per
     * {@code key}. Used when money arrives for an order that no longer wants it, or the buyer cancels a paid
     * order. Empty when nothing is left to refund or the key was used.
     */
    Mono<Refund> requestAllLeft(Payment payment, String reason, String key, String requestedBy) {
        return refunds.findByKey(payment.id(), key)
                .hasElement()
                .flatMap(exists -> exists ? Mono.<Long>empty() : refunds.open(payment.id()))
                .flatMap(open -> {
                    long left = payment.refundable(open);
                    if (left <= 0) {
                        return Mono.empty();
                    }
                    Refund refund = Refund.request(payment.id(), left, reason, key, requestedBy, clock.instant());
                    return refunds.insert(refund).thenReturn(refund);
                });
    }

    /** Executes a pending refund at the provider and records the outcome; a provider outage leaves it pending. */
    public Mono<Refund> execute(Refund refund) {
        if (!Refund.PENDING.equals(refund.status())) {
            return Mono.just(refund);
        }
        return payments.find(refund.paymentId())
                .flatMap(payment -> tj.refund(
                                payment.providerPaymentId(),
                                refund.amountMinor(),
                                refund.id().toString())
                        .flatMap(done -> succeeded(refund, done.id()))
                        .onErrorResume(TjClient.Rejected.class, refused -> failed(refund, refused))
                        .onErrorResume(TjClient.Unavailable.class, down -> {
                            log.warn("refund {} stays pending, TJ is unavailable: {}", refund.id(), down.getMessage());
                            return refunds.touch(refund.id(), clock.instant()).then(refunds.find(refund.id()));
                        }));
    }

    private Mono<Refund> succeeded(Refund refund, String providerRefundId) {
        // the payment's lock first, as every other refund path takes it (a refund row locked before the
        // payment deadlocked with a concurrent request inserting under the same key)
        return payments.lock(refund.paymentId())
                .flatMap(payment -> refunds.finish(
                                refund.id(), Refund.SUCCEEDED, providerRefundId, null, clock.instant())
                        .filter(finished -> finished)
                        .map(finished -> payment))
                .zipWhen(payment -> refunds.succeeded(payment.id()))
                .flatMap(locked -> Mono.justOrEmpty(locked.getT1().refundedAtLeast(locked.getT2(), clock.instant())))
                .flatMap(change -> payments.save(change.payment()).then(outbox.append(change.event())))
                .as(tx::transactional)
                .then(refunds.find(refund.id()));
    }

    private Mono<Refund> failed(Refund refund, TjClient.Rejected refused) {
        log.warn("TJ refused refund {}: {}", refund.id(), refused.getMessage());
        return refunds.finish(refund.id(), Refund.FAILED, null, refused.getMessage(), clock.instant())
                .then(refunds.find(refund.id()));
    }

    /** Executes refunds left pending (by an outage or a crash) for longer than {@code idle}; how many were tried. */
    Mono<Integer> retryPending(Duration idle, int limit) {
        return refunds.pending(clock.instant().minus(idle), limit)
                .concatMap(this::execute)
                .count()
                .map(Long::intValue);
    }

    /** Executes just-requested refunds (asked for inside another transaction) now, not at the next sweep. */
    Mono<Void> executeNow(Refund refund) {
        return execute(refund)
                .onErrorResume(error -> {
                    log.warn("refund {} left for the sweep: {}", refund.id(), error.toString());
                    return Mono.empty();
                })
                .then();
    }
}
