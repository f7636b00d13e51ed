package com.sprocket.payment.webhook;

import com.sprocket.payment.config.PaymentProperties;
import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.web.ApiProblems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The provider's webhook endpoint. No bearer token: the signature over the raw body proves the sender
 * (so the body is read as bytes, never re-serialised). A verified event is stored, with its raw body and
 * headers, before the 200 goes out; a redelivery of a stored event is acknowledged and not stored
 * again. Processing happens afterwards ({@link WebhookProcessor}).
 */
@RestController
@RequestMapping("/api/payments/webhooks")
@Tag(name = "Webhooks", description = "Events from the TJ payment provider")
class WebhookController {

    private final WebhookSignatures signatures;
    private final WebhookEvents events;
    private final WebhookProcessor processor;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry meters;
    private final int maxBytes;

    WebhookController(
            PaymentProperties properties,
            WebhookEvents events,
            WebhookProcessor processor,
            ObjectMapper json,
            Clock clock,
            MeterRegistry meters) {
        this.signatures = new WebhookSignatures(properties.tj().webhookSecrets(), properties.webhookTolerance());
        this.events = events;
        this.processor = processor;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
        this.maxBytes = properties.webhookMaxBytes();
    }

    @ApiAccess(ApiAccess.Level.SIGNED)
    // 503 (with Retry-After) while the database is unreachable: nothing is stored and the provider
    // retries; the gateway answers the same when it cannot reach this service
    @ProblemResponses({413, 503})
    @PostMapping(path = "/tj", consumes = MediaType.ALL_VALUE)
    @Operation(
            summary =
                    "Receive a TJ webhook: verified (HMAC-SHA256 over t.body, 300 s tolerance), stored, then 200; "
                            + "a redelivery is acknowledged as a duplicate; 503 while it cannot be stored (the provider retries)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description = "The provider's event, byte for byte as signed",
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = ProviderEvent.class))))
    Mono<WebhookReceipt> receive(
            @Parameter(description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\">")
                    @RequestHeader(name = WebhookSignatures.HEADER, required = false)
                    String signature,
            // the raw bytes as signed: decoded by Spring's byte-array codec, which owns the buffers'
            // lifecycle (bounded by spring.codec.max-in-memory-size, then by webhook-max-bytes here)
            @org.springframework.web.bind.annotation.RequestBody(required = false) @Parameter(hidden = true)
                    byte[] body,
            ServerHttpRequest request) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > maxBytes) {
            return Mono.error(ApiProblems.tooLarge("A webhook body is at most " + maxBytes + " bytes."));
        }
        return accept(signature, raw, request);
    }

    private Mono<WebhookReceipt> accept(String signature, byte[] body, ServerHttpRequest request) {
        WebhookSignatures.Verdict verdict = signatures.verify(signature, body, clock.instant());
        if (verdict != WebhookSignatures.Verdict.VALID) {
            count(verdict.name().toLowerCase(java.util.Locale.ROOT));
            return Mono.error(ApiProblems.of(HttpStatus.BAD_REQUEST, "Webhook refused: " + verdict.detail + "."));
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (RuntimeException notJson) {
            count("malformed");
            return Mono.error(ApiProblems.invalid("body", "is not a JSON event"));
        }
        String id = text(event, "id");
        String type = text(event, "type");
        if (id == null || id.isBlank() || id.length() > 255 || type == null || type.isBlank() || type.length() > 100) {
            count("malformed");
            return Mono.error(ApiProblems.invalid(
                    id == null || id.isBlank() ? "id" : "type", "is required (up to 255 characters)"));
        }
        String paymentId = text(event.path("data").path("object"), "id");
        return events.store(id, type, paymentId, new String(body, StandardCharsets.UTF_8), headers(request, signature))
                .map(stored -> {
                    count(stored ? "accepted" : "duplicate");
                    if (stored) {
                        processor.wake();
                    }
                    return new WebhookReceipt(id, !stored);
                });
    }

    private String headers(ServerHttpRequest request, String signature) {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put(WebhookSignatures.HEADER, signature);
        kept.put("Content-Type", request.getHeaders().getFirst("Content-Type"));
        kept.put("User-Agent", request.getHeaders().getFirst("User-Agent"));
        kept.put("X-Request-Id", request.getHeaders().getFirst("X-Request-Id"));
        return json.writeValueAsString(kept);
    }

    private void count(String outcome) {
        Counter.builder("sprocket.payment.webhooks")
                .description("TJ webhook deliveries by outcome (signature failures are alerts)")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }

    /** What a TJ webhook looks like (documentation only: the body is verified as bytes). */
    @Schema(description = "A TJ event: {id, type, created, data: {object: payment}}")
    record ProviderEvent(
            @Schema(example = "evt_3f2a...") String id,
            @Schema(example = "payment.paid") String type,
            long created,
            Map<String, Object> data) {}
}
