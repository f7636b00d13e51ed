package com.sprocket.payment.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tj the provider: where its API is and how calls to it are guarded
 * @param webhookTolerance how far a webhook's signed timestamp may be from now, either way
 * @param webhookMaxBytes the largest webhook body accepted
 * @param processEvery how often stored webhooks are looked for when none woke the processor
 * @param reconcileEvery how often payments not final yet (and refunds not done yet) are checked with the provider
 * @param stuckAfter how long a payment may sit in a non-final state before it is checked with the provider
 * @param orderSyncWait how long starting a payment waits for the order read model to learn the order
 */
@ConfigurationProperties("sprocket.payment")
public record PaymentProperties(
        Tj tj,
        @DefaultValue("300s") Duration webhookTolerance,
        @DefaultValue("65536") int webhookMaxBytes,
        @DefaultValue("1s") Duration processEvery,
        @DefaultValue("10s") Duration reconcileEvery,
        @DefaultValue("60s") Duration stuckAfter,
        @DefaultValue("3s") Duration orderSyncWait) {

    /**
     * @param baseUrl the provider's API
     * @param apiKey the secret API key (a Secret in Kubernetes)
     * @param webhookSecrets the webhook signing secrets, current first; two during a rotation
     * @param timeout one provider call's time limit
     * @param retries retries of a failed call (always with the same provider idempotency key)
     * @param concurrentCalls the bulkhead: provider calls in flight at once
     * @param openCircuitFor how long the circuit stays open after the provider failed too often
     */
    public record Tj(
            URI baseUrl,
            String apiKey,
            List<String> webhookSecrets,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("2") int retries,
            @DefaultValue("50") int concurrentCalls,
            @DefaultValue("10s") Duration openCircuitFor) {}
}
