package com.sprocket.payment.payment;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The TJ provider, as payment-service needs it (a port: the adapter in {@code provider} talks HTTP, with
 * time limits, retries under the same idempotency key, a circuit breaker and a bulkhead). Every call
 * either answers, fails with {@link Rejected} (the provider said no: not retried) or with
 * {@link Unavailable} (down, slow or the circuit is open: nothing was decided, try again later).
 */
public interface TjClient {

    /** Creates a payment at the provider; the same {@code idempotencyKey} always yields the same payment. */
    Mono<ProviderPayment> create(NewPayment payment, String idempotencyKey);

    Mono<ProviderPayment> get(String providerPaymentId);

    /** Refunds {@code amount}; the same {@code idempotencyKey} refunds once however often it is sent. */
    Mono<ProviderRefund> refund(String providerPaymentId, long amount, String idempotencyKey);

    /** Detaches a saved card at the provider (it can no longer be charged). */
    Mono<Void> deleteMethod(String token);

    /**
     * @param reference our order id
     * @param customer our customer id (null for guests: their cards are never saved)
     * @param savedMethod a saved card's token to charge at once, or null (the browser confirms with a card)
     */
    record NewPayment(long amount, String currency, String reference, String customer, String savedMethod) {}

    record ProviderRefund(String id, long amount, String status) {}

    /** The provider refused the request (4xx): a decision, not an outage. */
    final class Rejected extends RuntimeException {
        private final int status;
        private final String code;

        public Rejected(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /** The provider could not be reached or answered 5xx, or the circuit is open; retry after {@code retryAfter}. */
    final class Unavailable extends RuntimeException {
        private final Duration retryAfter;
        private final boolean circuitOpen;

        public Unavailable(String message, Duration retryAfter, Throwable cause) {
            this(message, retryAfter, cause, false);
        }

        public Unavailable(String message, Duration retryAfter, Throwable cause, boolean circuitOpen) {
            super(message, cause);
            this.retryAfter = retryAfter;
            this.circuitOpen = circuitOpen;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /** True when no call was made: TJ failed too often lately and calls are paused. */
        public boolean circuitOpen() {
            return circuitOpen;
        }
    }
}
