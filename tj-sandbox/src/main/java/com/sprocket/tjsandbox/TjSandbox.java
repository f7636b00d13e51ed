package com.sprocket.tjsandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TJ payment provider's sandbox: a real HTTP server (the JDK's {@code HttpServer}, one virtual
 * thread per request) with the provider's API as the adapter in payment-service calls it, the
 * browser-side confirmation the PWA's card form does, test cards ({@link TestCards}), signed webhooks
 * ({@link Webhooks}) and fault switches ({@link Switches}).
 *
 * <p>API ({@code Authorization: Bearer <api key>} unless noted; JSON; errors {@code {"error":{"code","message"}}}):
 *
 * <ul>
 *   <li>{@code POST /v1/payments} ({@code Idempotency-Key} required): create; same key and body, same payment
 *   <li>{@code GET /v1/payments/{id}}
 *   <li>{@code POST /v1/payments/{id}/confirm}: by the browser with the {@code clientSecret} and a test card
 *       (or a saved {@code paymentMethod} token); {@code save: true} keeps the card as a token
 *   <li>{@code POST /v1/payments/{id}/challenge}: by the browser, {@code clientSecret} and {@code code}
 *   <li>{@code POST /v1/payments/{id}/refunds} ({@code Idempotency-Key} required): {@code amount}
 *   <li>{@code DELETE /v1/payment-methods/{token}}: detach a saved card
 *   <li>{@code GET|PUT /sandbox/switches}, {@code GET /sandbox/events}, {@code POST /sandbox/payments/{id}/resend}
 *   <li>{@code GET /health} (no key)
 * </ul>
 */
public final class TjSandbox implements AutoCloseable {

    /**
     * @param port 0 for any free port
     * @param webhookUrl the merchant's webhook endpoint, or null for none
     */
    public record Config(
            int port,
            String apiKey,
            URI webhookUrl,
            String webhookSecret,
            Duration delayedAuthorisation,
            Duration settlement,
            int maxDeliveryAttempts,
            Duration firstRetry) {

        public static Config of(int port, String apiKey, URI webhookUrl, String webhookSecret) {
            return new Config(
                    port,
                    apiKey,
                    webhookUrl,
                    webhookSecret,
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(2),
                    12,
                    Duration.ofMillis(250));
        }

        public Config withSettlement(Duration settlement) {
            return new Config(
                    port,
                    apiKey,
                    webhookUrl,
                    webhookSecret,
                    delayedAuthorisation,
                    settlement,
                    maxDeliveryAttempts,
                    firstRetry);
        }

        public Config withDelayedAuthorisation(Duration delay) {
            return new Config(
                    port, apiKey, webhookUrl, webhookSecret, delay, settlement, maxDeliveryAttempts, firstRetry);
        }
    }

    private static final System.Logger log = System.getLogger(TjSandbox.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 64 * 1024;
    private static final Pattern PAYMENT =
            Pattern.compile("/v1/payments/(tjp_[a-z0-9]+)(/confirm|/challenge|/refunds)?");
    private static final Pattern METHOD = Pattern.compile("/v1/payment-methods/(tjpm_[a-z0-9]+)");
    private static final Pattern RESEND = Pattern.compile("/sandbox/payments/(tjp_[a-z0-9]+)/resend");

    private final Config config;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final ScheduledExecutorService scheduler;
    private final Webhooks webhooks;
    private final AtomicReference<Switches> switches = new AtomicReference<>(Switches.NORMAL);
    private final Map<String, SandboxPayment> payments = new ConcurrentHashMap<>();
    private final Map<String, TestCards.Method> methods = new ConcurrentHashMap<>();
    private final Map<String, Idempotent> idempotency = new ConcurrentHashMap<>();

    /** A remembered answer to an idempotent request: the request's fingerprint and the response. */
    private record Idempotent(String fingerprint, int status, Map<String, Object> body) {}

    private TjSandbox(Config config) throws IOException {
        this.config = config;
        this.scheduler = Executors.newScheduledThreadPool(
                2, Thread.ofPlatform().daemon().name("tj-sandbox-", 0).factory());
        this.webhooks = new Webhooks(
                config.webhookUrl(),
                config.webhookSecret(),
                scheduler,
                switches::get,
                clock,
                config.maxDeliveryAttempts(),
                config.firstRetry());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static TjSandbox start(Config config) {
        try {
            return new TjSandbox(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the TJ sandbox on port " + config.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Sends webhooks to {@code endpoint} from now on (for a merchant whose port is known only after start). */
    public void deliverWebhooksTo(URI endpoint) {
        webhooks.deliverTo(endpoint);
    }

    /** How many webhook deliveries succeeded, failed, and how many events were sent. */
    public Map<String, Long> webhookCounts() {
        return webhooks.counts();
    }

    public void switches(Switches next) {
        switches.set(next);
    }

    public Switches switches() {
        return switches.get();
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
    }

    /**
     * Runs the sandbox on its own: {@code TJ_SANDBOX_PORT} (8090), {@code TJ_SANDBOX_API_KEY},
     * {@code TJ_SANDBOX_WEBHOOK_URL}, {@code TJ_SANDBOX_WEBHOOK_SECRET}.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(env("TJ_SANDBOX_PORT", "8090"));
        String url = env("TJ_SANDBOX_WEBHOOK_URL", "http://127.0.0.1:8085/api/payments/webhooks/tj");
        TjSandbox sandbox = start(Config.of(
                port,
                env("TJ_SANDBOX_API_KEY", "sk_test_sprocket_local"),
                URI.create(url),
                env("TJ_SANDBOX_WEBHOOK_SECRET", "whsec_sprocket_local")));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("TJ sandbox on " + sandbox.baseUrl() + ", webhooks to " + url);
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    // ---------------------------------------------------------------- HTTP

    /** A 4xx or 5xx answer with the provider's error shape. */
    private static final class ApiError extends RuntimeException {
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private record Answer(int status, Object body) {}

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange);
            } catch (ApiError e) {
                answer = new Answer(e.status, Map.of("error", Map.of("code", e.code, "message", e.getMessage())));
            } catch (JacksonException e) {
                answer =
                        new Answer(400, Map.of("error", Map.of("code", "invalid_json", "message", "body is not JSON")));
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.ERROR, "sandbox failure", e);
                answer = new Answer(500, Map.of("error", Map.of("code", "internal", "message", String.valueOf(e))));
            }
            byte[] body = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Answer route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/health")) {
            return new Answer(200, Map.of("status", "UP"));
        }
        JsonNode body = body(exchange);
        if (path.startsWith("/sandbox/")) {
            requireKey(exchange);
            return sandbox(method, path, body);
        }
        Switches now = switches.get();
        if (now.latencyMs() > 0) {
            sleep(now.latencyMs());
        }
        if (now.outage()) {
            throw new ApiError(503, "service_unavailable", "TJ is unavailable (sandbox outage switch)");
        }
        Matcher payment = PAYMENT.matcher(path);
        if (path.equals("/v1/payments") && method.equals("POST")) {
            requireKey(exchange);
            return idempotent(exchange, "create", body, () -> create(body));
        }
        if (payment.matches()) {
            SandboxPayment found = payments.get(payment.group(1));
            String action = payment.group(2);
            if (found == null) {
                throw new ApiError(404, "resource_missing", "No such payment: " + payment.group(1));
            }
            if (action == null && method.equals("GET")) {
                requireKey(exchange);
                return new Answer(200, found.view(true));
            }
            if ("/confirm".equals(action) && method.equals("POST")) {
                requireClient(exchange, found, body);
                return new Answer(200, confirm(found, body));
            }
            if ("/challenge".equals(action) && method.equals("POST")) {
                requireClient(exchange, found, body);
                return new Answer(200, challenge(found, text(body, "code")));
            }
            if ("/refunds".equals(action) && method.equals("POST")) {
                requireKey(exchange);
                return idempotent(exchange, "refund:" + found.id, body, () -> refund(found, body));
            }
        }
        Matcher card = METHOD.matcher(path);
        if (card.matches() && method.equals("DELETE")) {
            requireKey(exchange);
            TestCards.Method removed = methods.remove(card.group(1));
            if (removed == null) {
                throw new ApiError(404, "resource_missing", "No such payment method: " + card.group(1));
            }
            return new Answer(200, Map.of("id", removed.token(), "deleted", true));
        }
        throw new ApiError(404, "not_found", method + " " + path + " is not part of the API");
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiError(413, "body_too_large", "bodies are limited to " + MAX_BODY + " bytes");
            }
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }
    }

    private void requireKey(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !constantTimeEquals(header, "Bearer " + config.apiKey())) {
            throw new ApiError(401, "invalid_api_key", "Send Authorization: Bearer <your secret API key>");
        }
    }

    /** The browser's calls carry the payment's client secret (the merchant's key works too). */
    private void requireClient(HttpExchange exchange, SandboxPayment payment, JsonNode body) {
        String secret = text(body, "clientSecret");
        if (secret != null && constantTimeEquals(secret, payment.clientSecret)) {
            return;
        }
        requireKey(exchange);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private Answer idempotent(
            HttpExchange exchange, String scope, JsonNode body, java.util.function.Supplier<Answer> work) {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || key.isBlank() || key.length() > 255) {
            throw new ApiError(400, "idempotency_key_required", "Send an Idempotency-Key header (1-255 characters)");
        }
        String fingerprint = body.toString();
        String slot = scope + ":" + key;
        synchronized (idempotency) {
            Idempotent seen = idempotency.get(slot);
            if (seen != null) {
                if (!seen.fingerprint().equals(fingerprint)) {
                    throw new ApiError(
                            422, "idempotency_key_reused", "This Idempotency-Key was used with other parameters");
                }
                return new Answer(seen.status(), seen.body());
            }
            Answer answer = work.get();
            @SuppressWarnings("unchecked")
            Map<String, Object> answered = (Map<String, Object>) answer.body();
            idempotency.put(slot, new Idempotent(fingerprint, answer.status(), answered));
            return answer;
        }
    }

    // ---------------------------------------------------------------- the provider's behaviour

    private Answer create(JsonNode body) {
        long amount = body.path("amount").asLong(0);
        String currency = text(body, "currency");
        String reference = text(body, "reference");
        if (amount <= 0 || amount > 100_000_000) {
            throw new ApiError(400, "invalid_amount", "amount must be 1..100000000 minor units");
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new ApiError(400, "invalid_currency", "currency must be an ISO 4217 code");
        }
        if (reference == null || reference.isBlank() || reference.length() > 100) {
            throw new ApiError(400, "invalid_reference", "reference is required (up to 100 characters)");
        }
        String id = "tjp_" + token(12);
        SandboxPayment payment = new SandboxPayment(
                id, amount, currency, reference, text(body, "customer"), id + "_secret_" + token(16), clock.instant());
        payments.put(id, payment);
        String saved = text(body, "paymentMethod");
        if (saved != null && body.path("confirm").asBoolean(false)) {
            confirmWith(payment, savedMethod(saved, payment.customer), false);
        }
        return new Answer(201, payment.view(true));
    }

    private Map<String, Object> confirm(SandboxPayment payment, JsonNode body) {
        String saved = text(body, "paymentMethod");
        TestCards.Method method =
                saved != null ? savedMethod(saved, payment.customer) : card(body.path("card"), payment);
        confirmWith(payment, method, body.path("save").asBoolean(false) && payment.customer != null);
        return payment.view(true);
    }

    private TestCards.Method savedMethod(String token, String customer) {
        TestCards.Method method = methods.get(token);
        if (method == null || !Objects.equals(method.customer(), customer)) {
            throw new ApiError(400, "invalid_payment_method", "No such payment method for this customer: " + token);
        }
        return method;
    }

    private TestCards.Method card(JsonNode card, SandboxPayment payment) {
        String number = text(card, "number");
        int month = card.path("expMonth").asInt(0);
        int year = card.path("expYear").asInt(0);
        String cvc = text(card, "cvc");
        if (number == null || TestCards.outcome(number.replace(" ", "")).isEmpty()) {
            throw new ApiError(400, "invalid_number", "Use one of the sandbox's test card numbers");
        }
        if (month < 1 || month > 12 || year < 2000 || YearMonth.of(year, month).isBefore(YearMonth.now(clock))) {
            throw new ApiError(400, "invalid_expiry", "expMonth/expYear must be a month in the future");
        }
        if (cvc == null || !cvc.matches("[0-9]{3,4}")) {
            throw new ApiError(400, "invalid_cvc", "cvc must be 3 or 4 digits");
        }
        return new TestCards.Method(
                "tjpm_" + token(12), number.replace(" ", ""), "visa", month, year, payment.customer);
    }

    private void confirmWith(SandboxPayment payment, TestCards.Method method, boolean save) {
        synchronized (payment) {
            if (!payment.status.equals("requires_confirmation")) {
                throw new ApiError(
                        409,
                        "payment_unexpected_state",
                        "Payment is " + payment.status + ", not requires_confirmation");
            }
            payment.method = method;
            payment.saveMethod = save || methods.containsKey(method.token());
            if (save) {
                methods.put(method.token(), method);
            }
            move(payment, "processing");
            switch (TestCards.outcome(method.number()).orElseThrow()) {
                case SUCCEEDS -> later(Duration.ofMillis(20), () -> authoriseAndCapture(payment));
                case DELAYED -> later(config.delayedAuthorisation(), () -> authoriseAndCapture(payment));
                case DECLINED -> later(Duration.ofMillis(20), () -> fail(payment, "card_declined"));
                case INSUFFICIENT_FUNDS -> later(Duration.ofMillis(20), () -> fail(payment, "insufficient_funds"));
                case CHALLENGE -> {
                    payment.status = "requires_action";
                    payment.nextAction =
                            Map.of("type", "challenge", "url", baseUrl() + "/v1/payments/" + payment.id + "/challenge");
                }
            }
        }
    }

    private Map<String, Object> challenge(SandboxPayment payment, String code) {
        synchronized (payment) {
            if (!payment.status.equals("requires_action")) {
                throw new ApiError(
                        409, "payment_unexpected_state", "Payment is " + payment.status + ", not requires_action");
            }
            payment.nextAction = null;
            payment.status = "processing";
            if (TestCards.CHALLENGE_CODE.equals(code)) {
                later(Duration.ofMillis(20), () -> authoriseAndCapture(payment));
            } else {
                later(Duration.ofMillis(20), () -> fail(payment, "authentication_failed"));
            }
            return payment.view(true);
        }
    }

    private void authoriseAndCapture(SandboxPayment payment) {
        synchronized (payment) {
            move(payment, "authorised");
            move(payment, "paid");
        }
        later(config.settlement(), () -> {
            synchronized (payment) {
                if (payment.status.equals("paid")) {
                    move(payment, "settled");
                }
            }
        });
    }

    private void fail(SandboxPayment payment, String code) {
        synchronized (payment) {
            payment.failureCode = code;
            move(payment, "failed");
        }
    }

    private Answer refund(SandboxPayment payment, JsonNode body) {
        long amount = body.path("amount").asLong(0);
        synchronized (payment) {
            if (!List.of("paid", "settled", "refunded").contains(payment.status)) {
                throw new ApiError(
                        409,
                        "payment_unexpected_state",
                        "Payment is " + payment.status + "; only captured payments refund");
            }
            if (amount <= 0 || amount > payment.amount - payment.amountRefunded) {
                throw new ApiError(
                        400,
                        "amount_too_large",
                        "amount must be 1.." + (payment.amount - payment.amountRefunded) + " (what is left to refund)");
            }
            payment.amountRefunded += amount;
            Map<String, Object> refund = new LinkedHashMap<>();
            refund.put("id", "tjr_" + token(12));
            refund.put("object", "refund");
            refund.put("payment", payment.id);
            refund.put("amount", amount);
            refund.put("status", "succeeded");
            move(payment, "refunded");
            return new Answer(201, refund);
        }
    }

    /** Sets the status and sends its webhook (the caller holds the payment's monitor). */
    private void move(SandboxPayment payment, String status) {
        payment.status = status;
        String eventId = "evt_" + token(14);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", eventId);
        event.put("type", "payment." + status);
        event.put("created", clock.instant().getEpochSecond());
        event.put("data", Map.of("object", payment.view(false)));
        webhooks.send(eventId, "payment." + status, payment.id, JSON.writeValueAsString(event));
    }

    private void later(Duration delay, Runnable step) {
        scheduler.schedule(
                () -> {
                    try {
                        step.run();
                    } catch (RuntimeException e) {
                        log.log(System.Logger.Level.WARNING, "sandbox step failed", e);
                    }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Answer sandbox(String method, String path, JsonNode body) {
        if (path.equals("/sandbox/switches") && method.equals("GET")) {
            return new Answer(200, switches.get());
        }
        if (path.equals("/sandbox/switches") && method.equals("PUT")) {
            Switches now = switches.get();
            Switches next = new Switches(
                    body.path("duplicates").asInt(now.duplicates()),
                    body.path("delayMs").asLong(now.delayMs()),
                    body.path("shuffleMs").asLong(now.shuffleMs()),
                    body.path("dropWebhooks").asBoolean(now.dropWebhooks()),
                    body.path("outage").asBoolean(now.outage()),
                    body.path("latencyMs").asLong(now.latencyMs()));
            switches.set(next);
            return new Answer(200, next);
        }
        if (path.equals("/sandbox/events") && method.equals("GET")) {
            Map<String, Object> view = new LinkedHashMap<>(webhooks.counts());
            view.put(
                    "sent",
                    webhooks.sent().stream()
                            .map(s -> Map.of("id", s.eventId(), "type", s.type(), "payment", s.paymentId()))
                            .toList());
            return new Answer(200, view);
        }
        Matcher resend = RESEND.matcher(path);
        if (resend.matches() && method.equals("POST")) {
            return new Answer(202, Map.of("resent", webhooks.resend(resend.group(1))));
        }
        throw new ApiError(404, "not_found", method + " " + path + " is not part of the sandbox API");
    }

    private String token(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // a virtual thread of the sandbox's server: simulates a slow provider
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
