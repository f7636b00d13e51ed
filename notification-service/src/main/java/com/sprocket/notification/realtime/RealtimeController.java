package com.sprocket.notification.realtime;

import com.sprocket.notification.config.NotificationProperties;
import com.sprocket.notification.directory.Directory;
import com.sprocket.notification.messaging.Conversations;
import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.RevokedSubjects;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.web.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Realtime", description = "One Server-Sent Events stream per client")
@Validated
class RealtimeController {

    private static final String CART_TOKEN = "X-Cart-Token";
    private static final String ORDER_TOKEN = "X-Order-Token";

    private final RealtimeHub hub;
    private final Conversations conversations;
    private final Directory directory;
    private final StreamTickets tickets;
    private final com.sprocket.platform.security.RevokedSubjects revocations;
    private final NotificationProperties properties;

    RealtimeController(
            RealtimeHub hub,
            Conversations conversations,
            Directory directory,
            StreamTickets tickets,
            com.sprocket.platform.security.RevokedSubjects revocations,
            NotificationProperties properties) {
        this.hub = hub;
        this.conversations = conversations;
        this.directory = directory;
        this.tickets = tickets;
        this.revocations = revocations;
        this.properties = properties;
    }

    /** What a ticket request may name: extra channels (conversations you take part in). */
    record TicketRequest(@Nullable @Size(max = 20) List<@Size(max = 100) String> channels) {}

    /** A stream ticket: open {@code streamUrl} (add {@code &lastEventId=} to resume) within {@code expiresAt}. */
    record StreamTicket(
            String ticket, Instant expiresAt, Instant streamUntil, List<String> channels, String streamUrl) {}

    @ApiAccess(ApiAccess.Level.USER_OR_CART_TOKEN)
    @ProblemResponses({403, 404})
    @PostMapping("/api/realtime/tickets")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "A short-lived, single-use ticket that opens your stream with ?ticket= (for EventSource, which "
                            + "cannot send headers): with a bearer token for your user channels (and conversations or orders you name), "
                            + "or with X-Cart-Token for a guest cart that holds items (404 before its first item is known here)")
    Mono<StreamTicket> ticket(
            CurrentUser user,
            @RequestHeader(name = CART_TOKEN, required = false) @Nullable String cartToken,
            @Parameter(description = "A guest order's token (X-Order-Token from checkout): follow that order")
                    @RequestHeader(name = ORDER_TOKEN, required = false)
                    @Nullable
                    String orderToken,
            @Valid @RequestBody(required = false) @Nullable TicketRequest request) {
        List<String> channels = request == null ? null : request.channels();
        Mono<StreamTickets.Grant> grant =
                user.isGuest() ? guestGrant(cartToken, orderToken) : userGrant(user, channels);
        return grant.flatMap(granted -> tickets.issue(granted)
                .map(issued -> new StreamTicket(
                        issued.ticket(),
                        issued.expiresAt(),
                        granted.until(),
                        List.copyOf(granted.channels()),
                        "/api/realtime/stream?ticket=" + issued.ticket())));
    }

    @ApiAccess(ApiAccess.Level.USER_CART_TOKEN_OR_TICKET)
    @ProblemResponses({403, 404, 429})
    @GetMapping(path = "/api/realtime/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Your live events as Server-Sent Events: open with ?ticket= from POST /api/realtime/tickets "
                    + "(EventSource), or send a bearer token or X-Cart-Token (fetch-based clients). Resume with "
                    + "Last-Event-ID or ?lastEventId=; you get exactly the missed events, or a resync event. The "
                    + "stream ends with an 'end' event when your token expires or your account changes: get a new "
                    + "ticket and resume.")
    Flux<ServerSentEvent<String>> stream(
            CurrentUser user,
            @Parameter(description = "A stream ticket (single use)")
                    @RequestParam(required = false)
                    @Size(max = 100)
                    @Nullable
                    String ticket,
            @Parameter(
                            description = "Extra channels for bearer-token streams: conversation:<id> you take part in,"
                                    + " order:<id> you bought or sell in")
                    @RequestParam(required = false)
                    @Size(max = 20)
                    @Nullable
                    List<@Size(max = 100) String> channels,
            @Parameter(description = "The resume position (the id of the last event you got)")
                    @RequestParam(required = false)
                    @Size(max = 2000)
                    @Nullable
                    String lastEventId,
            @RequestHeader(name = CART_TOKEN, required = false) @Nullable String cartToken,
            @Parameter(description = "A guest order's token (X-Order-Token from checkout): follow that order")
                    @RequestHeader(name = ORDER_TOKEN, required = false)
                    @Nullable
                    String orderToken,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventIdHeader) {
        Mono<StreamTickets.Grant> grant;
        if (ticket != null) {
            grant = tickets.redeem(ticket)
                    .switchIfEmpty(Mono.error(() -> ApiProblems.of(
                            HttpStatus.UNAUTHORIZED,
                            "The stream ticket is unknown, used or expired; ask POST /api/realtime/tickets for one.")))
                    .flatMap(granted -> granted.userId() != null
                                    && revocations.isRevoked(
                                            granted.userId().toString(), granted.roles(), granted.tokenIssuedAt())
                            ? Mono.error(sessionChanged())
                            : Mono.just(granted));
        } else {
            grant = user.isGuest() ? guestGrant(cartToken, orderToken) : userGrant(user, channels);
        }
        String position = lastEventIdHeader != null ? lastEventIdHeader : lastEventId;
        return grant.flatMapMany(granted -> open(granted, StreamPosition.parse(position)));
    }

    private Flux<ServerSentEvent<String>> open(StreamTickets.Grant grant, Map<String, Long> lastSeen) {
        Duration remaining = Duration.between(Instant.now(), grant.until());
        if (remaining.isNegative() || remaining.isZero()) {
            return Flux.error(ApiProblems.of(HttpStatus.UNAUTHORIZED, "Your token has expired; sign in again."));
        }
        // subscribe() admits the stream at once (or throws 429 before any byte is written); merge
        // subscribes to it at once too, so an admitted stream is always released when it ends
        return Flux.defer(() -> {
            Flux<Delivery> deliveries;
            try {
                deliveries = hub.subscribe(grant.owner(), grant.channels(), lastSeen);
            } catch (RealtimeHub.StreamLimitException e) {
                return Flux.error(ApiProblems.of(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
            }
            StreamPosition position = new StreamPosition(lastSeen);
            Flux<ServerSentEvent<String>> events = deliveries.map(delivery -> delivery.isEnd()
                    ? ServerSentEvent.builder(delivery.data())
                            .event(delivery.type())
                            .build()
                    : ServerSentEvent.builder(delivery.data())
                            .id(position.advance(delivery))
                            .event(delivery.type())
                            .build());
            Flux<ServerSentEvent<String>> heartbeats = Flux.interval(properties.heartbeat())
                    .map(tick -> ServerSentEvent.<String>builder()
                            .comment("heartbeat")
                            .build());
            Mono<ServerSentEvent<String>> expiry = Mono.delay(remaining)
                    .map(tick -> ServerSentEvent.builder("{\"reason\":\"expired\"}")
                            .event(Delivery.END)
                            .build());
            // the opening comment flushes the response headers at once (proxies and clients see the
            // stream is up) and tells EventSource how soon to reconnect
            ServerSentEvent<String> opening = ServerSentEvent.<String>builder()
                    .comment("connected")
                    .retry(Duration.ofSeconds(3))
                    .build();
            return Flux.merge(Flux.just(opening), events, heartbeats, expiry)
                    .takeUntil(event -> Delivery.END.equals(event.event()));
        });
    }

    /**
     * A guest who checked out follows the order with its token: the channel is named after the token's
     * SHA-256 (only its holder can name it), and opens once the directory knows the order.
     */
    private Mono<StreamTickets.Grant> guestOrderGrant(String token) {
        if (token.isBlank() || token.length() > 100) {
            return Mono.error(ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send the order's X-Order-Token."));
        }
        String hash = com.sprocket.platform.security.SecretTokens.sha256Hex(token);
        String channel = "guestorder:" + hash;
        return directory
                .isGuestOrder(hash, properties.guestOrderLifetime().toSeconds())
                .flatMap(known -> known
                        ? Mono.just(new StreamTickets.Grant(
                                channel,
                                null,
                                List.of(),
                                Set.of(channel),
                                Instant.now().plus(properties.guestStreamLifetime()),
                                null))
                        : Mono.error(ApiProblems.of(
                                HttpStatus.NOT_FOUND,
                                "No guest order is known for this token (if you just checked out, try again in a"
                                        + " moment).")));
    }

    /**
     * A guest's stream carries only their cart's channel, named after the SHA-256 of the cart's secret
     * token (so only the token's holder can name it), and only once the cart exists: the directory
     * learns of guest carts from {@code cart.carts}, so an unknown token opens nothing and holds no memory.
     */
    private Mono<StreamTickets.Grant> guestGrant(@Nullable String token, @Nullable String orderToken) {
        if ((token == null || token.isBlank()) && orderToken != null) {
            return guestOrderGrant(orderToken);
        }
        if (token == null || token.isBlank() || token.length() > 100) {
            return Mono.error(
                    ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token, a guest cart's token or a ticket."));
        }
        String hash = com.sprocket.platform.security.SecretTokens.sha256Hex(token);
        return directory
                .isLiveGuestCart(hash, properties.guestCartLifetime().toSeconds())
                .flatMap(live -> live
                        ? Mono.just(new StreamTickets.Grant(
                                "guestcart:" + hash,
                                null,
                                List.of(),
                                Set.of("guestcart:" + hash),
                                Instant.now().plus(properties.guestStreamLifetime()),
                                null))
                        : Mono.error(ApiProblems.of(
                                HttpStatus.NOT_FOUND,
                                "No guest cart with items is known for this token (a guest cart exists from its first"
                                        + " item; if you just added it, try again in a moment).")));
    }

    /** The channels the caller may receive; asking for anyone else's is a 403. */
    private Mono<StreamTickets.Grant> userGrant(CurrentUser user, @Nullable List<String> requested) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> context.getAuthentication())
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(authentication -> ((JwtAuthenticationToken) authentication).getToken())
                .switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.UNAUTHORIZED, "Send a bearer token.")))
                .flatMap(jwt -> {
                    Instant until = jwt.getExpiresAt() != null
                            ? jwt.getExpiresAt()
                            : Instant.now().plus(properties.guestStreamLifetime());
                    return channelsOf(user, requested)
                            .map(channels -> new StreamTickets.Grant(
                                    "user:" + user.id(),
                                    user.id(),
                                    user.roles().stream().map(Role::claim).toList(),
                                    channels,
                                    until,
                                    RevokedSubjects.issuedAt(jwt)));
                });
    }

    private Mono<Set<String>> channelsOf(CurrentUser user, @Nullable List<String> requested) {
        Set<String> own = new LinkedHashSet<>();
        own.add("user:" + user.id());
        if (user.has(Role.VENDOR)) {
            own.add("vendor:" + user.id());
        }
        if (requested == null || requested.isEmpty()) {
            return Mono.just(own);
        }
        if (requested.size() > 20) {
            return Mono.error(ApiProblems.invalid("channels", "at most 20 channels per stream"));
        }
        return Flux.fromIterable(requested)
                .concatMap(channel -> own.contains(channel) ? Mono.just(channel) : namedChannel(user, channel))
                .collect(() -> new LinkedHashSet<>(own), Set::add)
                .map(set -> (Set<String>) set);
    }

    /** A conversation you take part in, or an order you bought or sell in (admins: any). */
    private Mono<String> namedChannel(CurrentUser user, String channel) {
        boolean conversation = channel.startsWith("conversation:");
        if (!conversation && !channel.startsWith("order:")) {
            return Mono.error(ApiProblems.forbidden("You may not subscribe to " + channel + "."));
        }
        UUID id;
        try {
            id = UUID.fromString(channel.substring(channel.indexOf(':') + 1));
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblems.invalid("channels", channel + " is not a channel"));
        }
        Mono<Boolean> allowed = conversation
                ? conversations.participantOrAdmin(id, user)
                : user.isAdmin() ? Mono.just(true) : directory.isPartyTo(id, user.id());
        return allowed.flatMap(yes -> yes
                ? Mono.just(channel)
                : Mono.error(ApiProblems.forbidden("You may not subscribe to " + channel + ".")));
    }

    private static RuntimeException sessionChanged() {
        return ApiProblems.of(
                HttpStatus.UNAUTHORIZED, "Your account changed since this token was issued; sign in again.");
    }
}
