package com.sprocket.payment.provider;

import com.sprocket.payment.config.PaymentProperties;
import com.sprocket.payment.payment.ProviderPayment;
import com.sprocket.payment.payment.TjClient;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@link TjClient} over HTTP. Each call: a time limit, then the circuit breaker (provider failures
 * and timeouts open it; refusals do not), retries of failures only, with backoff and the same
 * {@code Idempotency-Key} (so a retried create or refund cannot happen twice), and a bulkhead bounding
 * calls in flight. Every attempt is written to {@code tj_transaction_logs}. WebClient on Reactor Netty:
 * nothing blocks.
 */
@Component
class TjHttpClient implements TjClient {

    private final WebClient client;
    private final TransactionLogs logs;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Duration openFor;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Bulkhead bulkhead;

    TjHttpClient(
            WebClient.Builder builder,
            PaymentProperties properties,
            TransactionLogs logs,
            ObjectMapper json,
            MeterRegistry meters) {
        PaymentProperties.Tj tj = properties.tj();
        this.client = builder.baseUrl(tj.baseUrl().toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tj.apiKey())
                .build();
        this.logs = logs;
        this.json = json;
        this.timeout = tj.timeout();
        this.openFor = tj.openCircuitFor();
        var breakers = io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(tj.openCircuitFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordExceptions(Unavailable.class)
                .ignoreExceptions(Rejected.class)
                .build());
        this.breaker = breakers.circuitBreaker("tj");
        var retries = io.github.resilience4j.retry.RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(tj.retries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2))
                .retryExceptions(Unavailable.class)
                .ignoreExceptions(Rejected.class, CallNotPermittedException.class)
                .build());
        this.retry = retries.retry("tj");
        var bulkheads = io.github.resilience4j.bulkhead.BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(tj.concurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.bulkhead = bulkheads.bulkhead("tj");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    @Override
    public Mono<ProviderPayment> create(NewPayment payment, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", payment.amount());
        body.put("currency", payment.currency());
        body.put("reference", payment.reference());
        body.put("customer", payment.customer());
        if (payment.savedMethod() != null) {
            body.put("paymentMethod", payment.savedMethod());
            body.put("confirm", true);
        }
        return call("create", null, HttpMethod.POST, "/v1/payments", body, idempotencyKey)
                .map(TjJson::payment);
    }

    @Override
    public Mono<ProviderPayment> get(String providerPaymentId) {
        return call("get", providerPaymentId, HttpMethod.GET, "/v1/payments/" + providerPaymentId, null, null)
                .map(TjJson::payment);
    }

    @Override
    public Mono<ProviderRefund> refund(String providerPaymentId, long amount, String idempotencyKey) {
        return call(
                        "refund",
                        providerPaymentId,
                        HttpMethod.POST,
                        "/v1/payments/" + providerPaymentId + "/refunds",
                        Map.of("amount", amount),
                        idempotencyKey)
                .map(node -> new ProviderRefund(
                        TjJson.text(node, "id"), node.path("amount").asLong(), TjJson.text(node, "status")));
    }

    @Override
    public Mono<Void> deleteMethod(String token) {
        return call("delete-method", null, HttpMethod.DELETE, "/v1/payment-methods/" + token, null, null)
                .onErrorResume(Rejected.class, gone -> gone.status() == 404 ? Mono.empty() : Mono.error(gone))
                .then();
    }

    /** The provider's answer to one attempt. */
    private record Answer(int status, String body) {}

    private Mono<JsonNode> call(
            String operation,
            String providerPaymentId,
            HttpMethod method,
            String path,
            Map<String, Object> body,
            String idempotencyKey) {
        String request = body == null ? null : json.writeValueAsString(body);
        Mono<JsonNode> attempt = Mono.defer(() -> {
            long started = System.nanoTime();
            WebClient.RequestBodySpec spec = client.method(method).uri(path).headers(headers -> {
                if (idempotencyKey != null) {
                    headers.set("Idempotency-Key", idempotencyKey);
                }
            });
            WebClient.RequestHeadersSpec<?> sending = request == null
                    ? spec
                    : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(request);
            return sending.exchangeToMono(response -> response.bodyToMono(String.class)
                            .defaultIfEmpty("")
                            .map(text -> new Answer(response.statusCode().value(), text)))
                    .timeout(timeout)
                    .onErrorResume(failure -> logs.record(
                                    operation,
                                    providerPaymentId,
                                    request,
                                    null,
                                    null,
                                    failure instanceof TimeoutException ? "timeout" : "unreachable",
                                    Duration.ofNanos(System.nanoTime() - started))
                            .then(Mono.error(new Unavailable(
                                    "TJ did not answer " + operation + ": " + failure,
                                    Duration.ofSeconds(5),
                                    failure))))
                    .flatMap(answer -> {
                        JsonNode node = parse(answer.body());
                        String pid = providerPaymentId != null ? providerPaymentId : TjJson.text(node, "id");
                        String outcome =
                                answer.status() / 100 == 2 ? "ok" : answer.status() >= 500 ? "unavailable" : "rejected";
                        return logs.record(
                                        operation,
                                        pid,
                                        request,
                                        answer.status(),
                                        answer.body(),
                                        outcome,
                                        Duration.ofNanos(System.nanoTime() - started))
                                .then(Mono.fromCallable(() -> judge(operation, answer, node)));
                    });
        });
        return attempt.transform(CircuitBreakerOperator.of(breaker))
                .transform(RetryOperator.of(retry))
                .transform(BulkheadOperator.of(bulkhead))
                .onErrorMap(
                        CallNotPermittedException.class,
                        open -> new Unavailable(
                                "TJ is failing; calls are paused for " + openFor.toSeconds() + " s",
                                openFor,
                                open,
                                true))
                .onErrorMap(
                        BulkheadFullException.class,
                        full -> new Unavailable("too many TJ calls in flight", Duration.ofSeconds(1), full));
    }

    private static JsonNode judge(String operation, Answer answer, JsonNode node) {
        if (answer.status() / 100 == 2) {
            return node;
        }
        JsonNode error = node.path("error");
        String message = TjJson.text(error, "message");
        if (answer.status() >= 500 || answer.status() == 429) {
            throw new Unavailable(
                    "TJ answered " + answer.status() + " to " + operation + (message == null ? "" : ": " + message),
                    Duration.ofSeconds(5),
                    null);
        }
        throw new Rejected(
                answer.status(),
                TjJson.text(error, "code"),
                message == null ? "TJ refused " + operation + " (" + answer.status() + ")" : message);
    }

    private JsonNode parse(String body) {
        try {
            return body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (RuntimeException notJson) {
            return json.createObjectNode();
        }
    }

    /** The breaker's state, for health and tests. */
    CircuitBreaker.State circuit() {
        return breaker.getState();
    }
}
