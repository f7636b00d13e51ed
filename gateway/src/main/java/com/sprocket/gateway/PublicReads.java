package com.sprocket.gateway;

import com.sprocket.platform.web.ProblemWriter;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * The lean path for the public catalog: anonymous {@code GET}s under {@code /api/catalog/} (part
 * pages, search, categories: the guests' traffic, which {@link EdgeSecurity} lets through without a
 * token) are proxied here, before Spring Security and Spring Cloud Gateway's routing. Those two cost
 * the gateway most of its CPU per proxied part page (measured: about 390 µs per request through the
 * route, against about 150 µs here; see the gateway README), for work an anonymous read does not need:
 * there is no token to check, the edge's rules allow the request by construction, and the route is
 * known from the path.
 *
 * <p>What the edge does for every request still happens, with the same parts:
 *
 * <ul>
 *   <li>request id, CORS and failed-authentication accounting: earlier filters, as for every request;
 *   <li>Spring Security's default response headers, from the writers Spring Security itself uses. Its
 *       request firewall is not needed here: the plain-path pattern below admits nothing the firewall
 *       rejects in a path (escapes, dot segments, semicolons, backslashes, non-ASCII), and
 *       catalog-service runs the same firewall on the same request;
 *   <li>the client's rate limit ({@link ClientRateLimit}, the same buckets as the route's);
 *   <li>the catalog route's circuit breaker (the same instance, by name), the route's response timeout,
 *       and the same problem+json 503/504 ({@link Fallbacks});
 *   <li>the headers the route sends and returns: hop-by-hop headers ({@link #HOP_BY_HOP}, and those a
 *       {@code Connection} header names), {@code Host} and client-supplied {@code Forwarded} and {@code
 *       X-Forwarded-*} are dropped, as Spring Cloud Gateway's header filters drop them (no trusted
 *       proxies are configured for it); the trace context of the request's server span is added, so the
 *       trace goes on in catalog-service. The route also opens a client span with its own timer per
 *       call (a tenth of this path's CPU when measured); the server span already times the call;
 *   <li>the route's {@link HttpClient}: the same connection pool and connect timeout.
 * </ul>
 *
 * Anything else takes the full chain: a request with credentials, a body, another method, or a path
 * outside the plain pattern (percent-escapes, dot segments: the firewall and the route judge those).
 * {@code sprocket.gateway.public-reads=false} turns the lean path off.
 */
@Component
@Order(-150) // after FailedAuthentication (-200), before Spring Security's filter chain (-100)
class PublicReads implements WebFilter {

    /** The paths anonymous GETs may take; {@link EdgeSecurity} permits the same. */
    static final String PATHS = "/api/catalog/**";

    /**
     * Hop-by-hop headers, forwarded in neither direction: Spring Cloud Gateway's {@code
     * RemoveHopByHopHeadersFilter} list.
     */
    static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "proxy-authorization",
            "proxy-authenticate",
            "x-application-context",
            "upgrade");

    private static final String ROUTE = "catalog";

    private static final String PREFIX = "/api/catalog/";

    /** A client's own trace headers give way to the request's span (W3C and B3 formats). */
    private static final Set<String> TRACE_HEADERS = Set.of("traceparent", "tracestate", "b3");

    /** Spring Security's default response headers, written as its header filter writes them. */
    private static final ServerHttpHeadersWriter SECURITY_HEADERS = new CompositeServerHttpHeadersWriter(
            new CacheControlServerHttpHeadersWriter(),
            new ContentTypeOptionsServerHttpHeadersWriter(),
            new StrictTransportSecurityServerHttpHeadersWriter(),
            new XFrameOptionsServerHttpHeadersWriter(),
            new XXssProtectionServerHttpHeadersWriter());

    private final boolean enabled;
    private final ClientAddresses addresses;
    private final ClientRateLimit rateLimit;
    private final ProblemWriter problems;
    private final HttpClient client;
    private final Duration responseTimeout;
    private final ObjectProvider<Propagator> propagator;
    private final ObjectProvider<ReactiveCircuitBreakerFactory<?, ?>> breakers;
    private final Mono<Route> route;
    private volatile ReactiveCircuitBreaker breaker;
    private volatile Optional<Propagator> traces;

    PublicReads(
            GatewayProperties properties,
            ClientAddresses addresses,
            ClientRateLimit rateLimit,
            ProblemWriter problems,
            HttpClient gatewayHttpClient,
            HttpClientProperties httpClientProperties,
            ObjectProvider<Propagator> propagator,
            ObjectProvider<ReactiveCircuitBreakerFactory<?, ?>> breakers,
            RouteLocator routes) {
        this.enabled = properties.publicReads();
        this.addresses = addresses;
        this.rateLimit = rateLimit;
        this.problems = problems;
        this.client = gatewayHttpClient;
        this.responseTimeout = httpClientProperties.getResponseTimeout();
        this.propagator = propagator;
        this.breakers = breakers;
        // the configured route (routes are static here), looked up on the first public read
        this.route = routes.getRoutes()
                .filter(candidate -> ROUTE.equals(candidate.getId()))
                .next()
                .cache();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!enabled || !isPublicRead(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return route.map(catalog -> {
                    exchange.getResponse().beforeCommit(() -> SECURITY_HEADERS.writeHttpHeaders(exchange));
                    return rateLimit.admit(
                            exchange, ROUTE, addresses.key(exchange.getRequest()), () -> forward(exchange, catalog));
                })
                .defaultIfEmpty(Mono.defer(() -> chain.filter(exchange))) // no catalog route: the full chain says so
                .flatMap(handling -> handling);
    }

    /** An anonymous GET without a body on a plain catalog path (what the edge's rules permit anonymously). */
    static boolean isPublicRead(ServerHttpRequest request) {
        if (request.getMethod() != HttpMethod.GET) {
            return false;
        }
        HttpHeaders headers = request.getHeaders();
        return !headers.containsHeader(HttpHeaders.AUTHORIZATION)
                && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
                && headers.getContentLength() <= 0
                && isPlain(request.getPath().value());
    }

    /**
     * Under {@code /api/catalog/}, in plain segments: letters, digits and {@code ._~-}, no segment empty
     * or starting with a dot (a character loop: a regular expression here was 4% of the path's CPU).
     */
    static boolean isPlain(String path) {
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            return false;
        }
        boolean segmentStart = true;
        for (int i = PREFIX.length(); i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/') {
                if (segmentStart) {
                    return false; // an empty segment
                }
                segmentStart = true;
                continue;
            }
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '~'
                    || c == '-'
                    || (c == '.' && !segmentStart);
            if (!plain) {
                return false;
            }
            segmentStart = false;
        }
        return !segmentStart; // no trailing slash
    }

    /** The catalog's answer, through the route's breaker; a failure to get one is the route's fallback. */
    private Mono<Void> forward(ServerWebExchange exchange, Route catalog) {
        ServerHttpRequest request = exchange.getRequest();
        String query = request.getURI().getRawQuery();
        URI target = URI.create(catalog.getUri() + request.getPath().value() + (query == null ? "" : "?" + query));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, catalog);
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
        Mono<Upstream> answer = client.headers(outgoing -> outgoingHeaders(exchange, outgoing))
                .get()
                .uri(target)
                .responseConnection((response, connection) -> Mono.just(new Upstream(response, connection)))
                .next()
                .timeout(responseTimeout)
                .doOnDiscard(Upstream.class, Upstream::dispose);
        return breaker()
                .run(
                        answer,
                        error -> Fallbacks.write(problems, exchange, ROUTE, error)
                                .then(Mono.empty()))
                .flatMap(upstream -> relay(exchange, upstream));
    }

    /** The request's headers as the route sends them, with this request's trace context. */
    private void outgoingHeaders(ServerWebExchange exchange, io.netty.handler.codec.http.HttpHeaders outgoing) {
        HttpHeaders incoming = exchange.getRequest().getHeaders();
        Set<String> named = connectionNamed(incoming.getFirst(HttpHeaders.CONNECTION));
        incoming.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower)
                    && !named.contains(lower)
                    && !lower.equals("host")
                    && !lower.equals("forwarded")
                    && !lower.startsWith("x-forwarded-")
                    && !TRACE_HEADERS.contains(lower)) {
                outgoing.add(name, values);
            }
        });
        Propagator traces = propagator();
        if (traces == null) {
            return;
        }
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> context.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .ifPresent(span ->
                        traces.inject(span.context(), outgoing, (carrier, key, value) -> carrier.set(key, value)));
    }

    /** Status, headers (without hop-by-hop ones) and the body as it streams in. */
    private Mono<Void> relay(ServerWebExchange exchange, Upstream upstream) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(
                HttpStatusCode.valueOf(upstream.response().status().code()));
        io.netty.handler.codec.http.HttpHeaders received = upstream.response().responseHeaders();
        Set<String> named = connectionNamed(received.get(HttpHeaders.CONNECTION));
        HttpHeaders headers = response.getHeaders();
        for (Map.Entry<String, String> header : received) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !named.contains(name)) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        NettyDataBufferFactory buffers = (NettyDataBufferFactory) response.bufferFactory();
        return response.writeWith(
                        upstream.connection().inbound().receive().retain().map(buffers::wrap))
                .doOnCancel(upstream::dispose) // the client went away: a half-read connection is not reused
                .doOnError(error -> upstream.dispose());
    }

    /** The header names a {@code Connection} header lists (hop-by-hop by declaration), lower-cased. */
    private static Set<String> connectionNamed(String connection) {
        if (connection == null || connection.isBlank()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String name : connection.split(",")) {
            names.add(name.strip().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /**
     * The tracer's propagator, looked up once: asking the bean factory on every request was 5% of this
     * path's CPU (JFR, part pages through the gateway).
     */
    private Propagator propagator() {
        Optional<Propagator> current = traces;
        if (current == null) {
            current = Optional.ofNullable(propagator.getIfAvailable());
            traces = current;
        }
        return current.orElse(null);
    }

    private ReactiveCircuitBreaker breaker() {
        ReactiveCircuitBreaker current = breaker;
        if (current == null) {
            current = breakers.getObject().create(ROUTE); // the route's breaker, by its name
            breaker = current;
        }
        return current;
    }

    private record Upstream(HttpClientResponse response, Connection connection) {
        void dispose() {
            connection.dispose();
        }
    }
}
