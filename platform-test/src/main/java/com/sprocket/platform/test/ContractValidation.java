package com.sprocket.platform.test;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds every HTTP exchange an integration test makes with {@code WebTestClient} to the service's own
 * OpenAPI document (Atlassian's swagger-request-validator): the path and method must be documented,
 * the status must be one the operation lists, the body must match that response's schema and media
 * type. The request is checked too when the service accepted it (2xx): a request the service takes
 * must be one its document allows. A mismatch fails the test with the validator's messages.
 *
 * <p>The document is read once per server from {@code /v3/api-docs}; behind the gateway, from each
 * service document its Swagger UI lists, and the one that has the path decides. Each document is
 * also written to {@code target/openapi/<name>.json}, where the OpenAPI linter of {@code .ci/run}
 * reads it. Streams (text/event-stream) are checked for status and media type only.
 */
public final class ContractValidation implements ExchangeFilterFunction {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Map<String, Mono<List<Document>>> DOCUMENTS = new ConcurrentHashMap<>();
    private static final List<String> UNDOCUMENTED = List.of("/actuator", "/v3/api-docs", "/swagger-ui", "/webjars");

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (request.method() == HttpMethod.OPTIONS
                || UNDOCUMENTED.stream()
                        .anyMatch(prefix -> request.url().getPath().startsWith(prefix))) {
            return next.exchange(request); // CORS preflights, probes and the documents themselves
        }
        Sent sent = new Sent();
        ClientRequest capturing = ClientRequest.from(request)
                .body((message, context) -> request.body().insert(new Capturing(message, sent), context))
                .build();
        return next.exchange(capturing).flatMap(response -> check(request, sent, response));
    }

    private Mono<ClientResponse> check(ClientRequest request, Sent sent, ClientResponse response) {
        MediaType type = response.headers().contentType().orElse(null);
        if (type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
            return validate(request, sent, response, new byte[0], false).thenReturn(response);
        }
        return response.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> validate(request, sent, response, body, true)
                        .thenReturn(response.mutate()
                                .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)))
                                .build()));
    }

    private Mono<Void> validate(
            ClientRequest request, Sent sent, ClientResponse response, byte[] body, boolean withBody) {
        URI base = URI.create(request.url().getScheme() + "://" + request.url().getAuthority());
        return DOCUMENTS
                .computeIfAbsent(base.toString(), key -> load(base).cache())
                .publishOn(Schedulers.boundedElastic()) // the validator reads message bundles from jars
                .doOnNext(documents -> {
                    SimpleResponse actual = response(response, body, withBody);
                    Request sentRequest = request(request, sent);
                    List<String> problems =
                            problems(
                                            documents,
                                            sentRequest,
                                            actual,
                                            response.statusCode().is2xxSuccessful())
                                    .stream()
                                    // a stream's body is never buffered here: only its status and media type count
                                    .filter(problem ->
                                            withBody || !problem.contains("[validation.response.body.missing]"))
                                    .toList();
                    if (!problems.isEmpty()) {
                        throw new AssertionError("The exchange " + request.method() + " " + request.url()
                                + " -> " + response.statusCode().value() + " "
                                + response.headers()
                                        .contentType()
                                        .map(Object::toString)
                                        .orElse("(no content type)")
                                + " contradicts the OpenAPI document:\n  "
                                + String.join("\n  ", problems)
                                + (withBody && body.length > 0 ? "\n  response body: " + abbreviate(body) : ""));
                    }
                })
                .then();
    }

    private static List<String> problems(
            List<Document> documents, Request request, SimpleResponse response, boolean accepted) {
        List<String> missingEverywhere = new ArrayList<>();
        for (Document document : documents) {
            ValidationReport report = accepted
                    ? document.validator().validate(request, response)
                    : document.validator().validateResponse(request.getPath(), request.getMethod(), response);
            boolean pathMissing = report.getMessages().stream()
                    .anyMatch(message -> message.getKey().equals("validation.request.path.missing"));
            if (pathMissing) {
                missingEverywhere.add(document.name() + ": no such path");
                continue;
            }
            return report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .map(message -> document.name() + ": [" + message.getKey() + "] " + message.getMessage())
                    .toList();
        }
        // no document has the path: only "no such endpoint" answers are right (401 where a token is
        // checked before routing, as at the gateway), or "that service is down" from the gateway
        boolean refused = List.of(401, 404, 405, 503, 504).contains(response.getStatus())
                && response.getHeaderValues("Content-Type").stream().anyMatch(type -> type.startsWith(PROBLEM_JSON));
        return refused ? List.of() : missingEverywhere;
    }

    private static Request request(ClientRequest request, Sent sent) {
        var builder = new SimpleRequest.Builder(request.method().name(), rawPath(request.url()));
        for (String pair : rawQuery(request.url())) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            builder.withQueryParam(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        request.headers().forEach((name, values) -> builder.withHeader(name, values));
        MediaType type = sent.contentType;
        if (type != null && request.headers().getContentType() == null) {
            builder.withHeader("Content-Type", type.toString());
        }
        if (sent.bytes.size() > 0 && type != null && !type.isCompatibleWith(MediaType.MULTIPART_FORM_DATA)) {
            builder.withBody(sent.bytes.toByteArray());
        }
        return builder.build();
    }

    private static SimpleResponse response(ClientResponse response, byte[] body, boolean withBody) {
        var builder = SimpleResponse.Builder.status(response.statusCode().value());
        response.headers().asHttpHeaders().forEach(builder::withHeader);
        if (withBody && body.length > 0) {
            builder.withBody(body);
        }
        return builder.build();
    }

    /** One service's document, or every document the gateway's Swagger UI lists. */
    private static Mono<List<Document>> load(URI base) {
        WebClient client = WebClient.builder()
                .baseUrl(base.toString())
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
        Mono<List<String>> locations = client.get()
                .uri("/v3/api-docs/swagger-config")
                .retrieve()
                .bodyToMono(String.class)
                .map(config -> urlsOf(JSON.readTree(config)))
                .filter(urls -> !urls.isEmpty())
                .onErrorResume(error -> Mono.empty())
                .defaultIfEmpty(List.of("/v3/api-docs"));
        return locations
                .flatMapMany(Flux::fromIterable)
                .concatMap(location -> client.get()
                        .uri(location)
                        .retrieve()
                        .bodyToMono(String.class)
                        .onErrorResume(unavailable -> Mono.empty())) // a service that is down (resilience tests)
                .publishOn(Schedulers.boundedElastic()) // parsing the document and writing it out
                .map(ContractValidation::document)
                .collectList();
    }

    private static List<String> urlsOf(JsonNode config) {
        List<String> urls = new ArrayList<>();
        JsonNode listed = config.get("urls");
        if (listed != null) {
            listed.forEach(entry -> urls.add(entry.get("url").asString()));
        }
        return urls;
    }

    private static Document document(String json) {
        String title = JSON.readTree(json).at("/info/title").asString("service");
        String name = title.replaceFirst("^Sprocket ", "").replaceAll("[^A-Za-z0-9._-]", "-");
        write(name, json);
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(json)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                        // unknown request fields are ignored by the services (tolerant reader), so they
                        // are allowed; an unknown field in a response is a gap in the document: an error
                        .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .build())
                .build();
        return new Document(name, validator);
    }

    private static void write(String name, String json) {
        try {
            Path directory = Path.of("target", "openapi");
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rawPath(URI url) {
        return url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    }

    private static List<String> rawQuery(URI url) {
        return url.getRawQuery() == null ? List.of() : List.of(url.getRawQuery().split("&"));
    }

    private static String decode(String value) {
        try {
            return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    private record Document(String name, OpenApiInteractionValidator validator) {}

    /** The request as it went out: its body and the content type the codec chose. */
    private static final class Sent {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile MediaType contentType;
    }

    /** Copies what the request writes, as it is written. */
    private static final class Capturing extends ClientHttpRequestDecorator {

        private final Sent sink;

        Capturing(ClientHttpRequest delegate, Sent sink) {
            super(delegate);
            this.sink = sink;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            sink.contentType = getHeaders().getContentType();
            return super.writeWith(Flux.from(body).doOnNext(this::copy));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            sink.contentType = getHeaders().getContentType();
            return super.writeAndFlushWith(
                    Flux.from(body).map(part -> Flux.from(part).doOnNext(this::copy)));
        }

        private void copy(DataBuffer buffer) {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, bytes.length);
            synchronized (sink) {
                sink.bytes.writeBytes(bytes);
            }
        }
    }
}
