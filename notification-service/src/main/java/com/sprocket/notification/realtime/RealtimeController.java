package com.sprocket.notification.realtime;

import com.sprocket.notification.config.NotificationProperties;
import com.sprocket.notification.messaging.Conversations;
import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.web.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Realtime", description = "One Server-Sent Events stream per client")
class RealtimeController {

    private final RealtimeHub hub;
    private final Conversations conversations;
    private final NotificationProperties properties;

    RealtimeController(RealtimeHub hub, Conversations conversations, NotificationProperties properties) {
        this.hub = hub;
        this.conversations = conversations;
        this.properties = properties;
    }

    @ApiAccess(ApiAccess.Level.USER_OR_CART_TOKEN)
    @ProblemResponses(403)
    @GetMapping(path = "/api/realtime/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Your live events (EventSource-compatible): your user channel, a vendor's vendor channel, "
                    + "any conversation you take part in (?channels=conversation:<id>); guests: their cart's channel with "
                    + "?cartToken= or X-Cart-Token. Resumes with Last-Event-ID.")
    Flux<ServerSentEvent<String>> stream(
            CurrentUser user,
            @RequestParam(required = false) List<String> channels,
            @RequestParam(required = false) String cartToken,
            @RequestHeader(name = "X-Cart-Token", required = false) String cartTokenHeader,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        String guestToken = cartTokenHeader != null ? cartTokenHeader : cartToken;
        Mono<Set<String>> channelsAllowed = user.isGuest() ? guestChannel(guestToken) : authorized(user, channels);
        return channelsAllowed.flatMapMany(allowed -> {
            Map<String, Long> lastSeen = StreamPosition.parse(lastEventId);
            StreamPosition position = new StreamPosition(lastSeen);
            Flux<ServerSentEvent<String>> events = hub.subscribe(allowed, lastSeen)
                    .map(delivery -> ServerSentEvent.builder(delivery.data())
                            .id(position.advance(delivery))
                            .event(delivery.type())
                            .build());
            Flux<ServerSentEvent<String>> heartbeats = Flux.interval(properties.heartbeat())
                    .map(tick -> ServerSentEvent.<String>builder()
                            .comment("heartbeat")
                            .build());
            // the opening comment flushes the response headers at once (proxies and clients see the stream is up)
            // and tells EventSource how soon to reconnect
            ServerSentEvent<String> opening = ServerSentEvent.<String>builder()
                    .comment("connected")
                    .retry(java.time.Duration.ofSeconds(3))
                    .build();
            return Flux.merge(events, heartbeats).startWith(opening);
        });
    }

    /**
     * A guest sees only their cart's channel, named after the SHA-256 of the cart's secret token (so
     * only the token's holder can name it; this service never sees carts). EventSource cannot send
     * headers, hence also {@code ?cartToken=}.
     */
    private static Mono<Set<String>> guestChannel(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Mono.error(ApiProblems.of(
                    org.springframework.http.HttpStatus.UNAUTHORIZED, "Send a bearer token, or a guest cart's token."));
        }
        return Mono.just(Set.of("guestcart:" + sha256(token)));
    }

    private static String sha256(String token) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The channels the caller may receive; asking for anyone else's is a 403. */
    private Mono<Set<String>> authorized(CurrentUser user, List<String> requested) {
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
                .concatMap(channel -> own.contains(channel) ? Mono.just(channel) : conversationChannel(user, channel))
                .collect(LinkedHashSet<String>::new, Set::add)
                .map(set -> (Set<String>) set);
    }

    private Mono<String> conversationChannel(CurrentUser user, String channel) {
        if (!channel.startsWith("conversation:")) {
            return Mono.error(ApiProblems.forbidden("You may not subscribe to " + channel + "."));
        }
        UUID id;
        try {
            id = UUID.fromString(channel.substring("conversation:".length()));
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblems.invalid("channels", channel + " is not a channel"));
        }
        return conversations
                .participantOrAdmin(id, user)
                .flatMap(allowed -> allowed
                        ? Mono.just(channel)
                        : Mono.error(ApiProblems.forbidden("You may not subscribe to " + channel + ".")));
    }
}
