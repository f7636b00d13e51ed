package com.sprocket.payment.provider;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * {@code tj_transaction_logs}: every request to the provider and its answer (or failure), linked to the
 * payment as soon as it exists here. Written outside the business transaction (a log of what was sent
 * must survive that transaction's rollback); a failure to write it is logged, never fails the call.
 */
@Repository
class TransactionLogs {

    private static final Logger log = LoggerFactory.getLogger(TransactionLogs.class);

    private final DatabaseClient db;

    TransactionLogs(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> record(
            String operation,
            String providerPaymentId,
            String request,
            Integer statusCode,
            String response,
            String outcome,
            Duration took) {
        var spec = db.sql("""
                        INSERT INTO tj_transaction_logs
                          (payment_id, provider_payment_id, operation, request, status_code, response, outcome, duration_ms)
                        VALUES ((SELECT id FROM payments WHERE provider_payment_id = :pid), :pid, :operation,
                                CAST(:request AS jsonb), :status, CAST(:response AS jsonb), :outcome, :took)
                        """)
                .bind("operation", operation)
                .bind("outcome", outcome)
                .bind("took", (int) Math.min(Integer.MAX_VALUE, took.toMillis()));
        spec = providerPaymentId == null ? spec.bindNull("pid", String.class) : spec.bind("pid", providerPaymentId);
        spec = request == null ? spec.bindNull("request", String.class) : spec.bind("request", request);
        spec = statusCode == null ? spec.bindNull("status", Integer.class) : spec.bind("status", statusCode);
        spec = response == null || !response.startsWith("{")
                ? spec.bindNull("response", String.class)
                : spec.bind("response", response);
        return spec.then().onErrorResume(error -> {
            log.warn("could not log a TJ {} call: {}", operation, error.toString());
            return Mono.empty();
        });
    }
}
