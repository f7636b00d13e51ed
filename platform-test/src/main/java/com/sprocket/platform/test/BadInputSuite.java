package com.sprocket.platform.test;

import static org.junit.jupiter.api.Assertions.fail;

import com.sprocket.platform.security.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated bad-input suite every service inherits with one class: it reads the running
 * service's own OpenAPI document and, for every operation and every caller (a guest, a customer, a
 * vendor, an admin), sends malformed input: wrong types, out-of-range and huge numbers, empty, huge
 * and unicode-edge strings, invalid UTF-8 and percent-encoding, unknown, duplicated and strangely
 * named parameters, wrong content types, truncated and deeply nested JSON, oversized bodies and
 * multipart. Every answer must be a documented 4xx as problem+json (or a success, where the input
 * turned out acceptable), never a 5xx or a dropped connection.
 *
 * <p>Which cases run is drawn from a seed ({@code -Dsprocket.badinput.seed=...} to repeat a run); the
 * seed is in every failure message. Counts go to {@code target/bad-input-report.txt}.
 */
public abstract class BadInputSuite {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong SENT = new AtomicLong();
    private static final Map<Integer, AtomicLong> STATUSES = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final int CASES_PER_CALLER = 60;

    @LocalServerPort
    protected int port;

    /** How many of an operation's generated cases each caller sends (drawn by the seed). */
    protected int casesPerCaller() {
        return CASES_PER_CALLER;
    }

    /** Who sends the requests, and with which {@code Authorization} header (null: none). */
    public record Caller(String name, String authorization) {}

    /** Who calls: no token, and a token of each role (override to narrow). */
    protected List<Caller> callers() {
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("guest", null));
        for (Role role : List.of(Role.CUSTOMER, Role.VENDOR, Role.ADMIN)) {
            callers.add(new Caller(role.claim(), TestTokens.user(role).bearer()));
        }
        return callers;
    }

    @TestFactory
    Stream<DynamicTest> every_operation_answers_malformed_input_with_a_documented_problem() {
        long seed = Long.getLong("sprocket.badinput.seed", System.nanoTime());
        List<DynamicTest> tests = new ArrayList<>();
        List<Caller> callers = callers();
        for (BadRequests requests : documents()) {
            for (BadRequests.Operation operation : requests.operations()) {
                for (Caller caller : callers) {
                    long caseSeed = seed ^ (operation.toString() + caller.name()).hashCode();
                    tests.add(DynamicTest.dynamicTest(
                            operation + " as " + caller.name(),
                            () -> check(requests, operation, caller, caseSeed, seed)));
                }
            }
        }
        return tests.stream();
    }

    /** The service's document, or behind the gateway every document its Swagger UI lists. */
    private List<BadRequests> documents() {
        List<String> locations = new ArrayList<>();
        RawHttp.Response config = RawHttp.send(port, "GET", "/v3/api-docs/swagger-config", Map.of(), null);
        if (config.status() == 200) {
            JSON.readTree(new String(config.body(), StandardCharsets.UTF_8))
                    .path("urls")
                    .forEach(url -> locations.add(url.path("url").asString()));
        }
        if (locations.isEmpty()) {
            locations.add("/v3/api-docs");
        }
        List<BadRequests> documents = new ArrayList<>();
        for (String location : locations) {
            // springdoc builds the document on a thread of its own after start-up; until it is done a
            // request for it waits on springdoc's lock (BlockHound refuses that on an event loop: 500)
            RawHttp.Response[] fetched = new RawHttp.Response[1];
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(250))
                    .until(() -> (fetched[0] = RawHttp.send(port, "GET", location, Map.of(), null)).status() != 500);
            RawHttp.Response document = fetched[0];
            if (document.status() != 200) {
                fail("no OpenAPI document at " + location + ": " + document.status());
            }
            documents.add(new BadRequests(JSON.readTree(new String(document.body(), StandardCharsets.UTF_8))));
        }
        return documents;
    }

    private void check(BadRequests requests, BadRequests.Operation operation, Caller caller, long caseSeed, long seed) {
        List<BadRequests.Case> cases = new ArrayList<>(requests.cases(operation, caller, new Random(caseSeed)));
        Collections.shuffle(cases, new Random(caseSeed));
        List<String> failures = new ArrayList<>();
        for (BadRequests.Case bad : cases.subList(0, Math.min(casesPerCaller(), cases.size()))) {
            RawHttp.Response response = RawHttp.send(port, bad.method(), bad.target(), bad.headers(), bad.body());
            SENT.incrementAndGet();
            STATUSES.computeIfAbsent(response.status(), status -> new AtomicLong())
                    .incrementAndGet();
            String problem = judge(operation, bad, response);
            if (problem != null) {
                failures.add(
                        bad.description() + " [" + bad.method() + " " + abbreviate(bad.target()) + "]: " + problem);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " malformed request(s) to " + operation + " as " + caller.name()
                    + " were not answered with a documented problem (seed " + seed
                    + "; rerun with -Dsprocket.badinput.seed=" + seed + "):\n  " + String.join("\n  ", failures));
        }
    }

    /** Null when the answer is right; otherwise what is wrong with it. */
    private static String judge(BadRequests.Operation operation, BadRequests.Case bad, RawHttp.Response response) {
        if (response.dropped()) {
            return "the connection was dropped without an answer";
        }
        int status = response.status();
        if (status >= 500) {
            return status + " " + response.text();
        }
        if (status < 400) {
            return null; // the input was acceptable after all (an unknown parameter is ignored, say)
        }
        if (status == 414 || status == 431) {
            return null; // request line or headers beyond the HTTP layer's limits: refused before any handler
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return status + " without a problem+json body (" + response.contentType() + "): " + response.text();
        }
        boolean documented = bad.otherMethod()
                ? List.of(401, 403, 404, 405).contains(status)
                : operation.statuses().contains(String.valueOf(status));
        return documented ? null : status + " is not documented for this operation: " + response.text();
    }

    @AfterAll
    static void report() throws IOException {
        Path report = Path.of("target", "bad-input-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(
                report,
                "bad requests sent: " + SENT.get() + ", answers by status: " + STATUSES + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /** A random UUID: a resource that does not exist. */
    static String unknownId() {
        return UUID.randomUUID().toString();
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }
}
