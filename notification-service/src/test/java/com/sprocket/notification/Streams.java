package com.sprocket.notification;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.events.EventEnvelope;
import com.sprocket.platform.test.TestTokens.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** Test helpers: open an SSE stream as a user, publish a domain event to Kafka. */
public final class Streams {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    private Streams() {}

    /** The events (heartbeat comments left out) of a stream, as the browser's EventSource would get them. */
    public static Flux<ServerSentEvent<String>> open(
            WebTestClient client, TestUser user, String lastEventId, String... channels) {
        return client.get()
                .uri(uri -> {
                    uri.path("/api/realtime/stream");
                    for (String channel : channels) {
                        uri.queryParam("channels", channel);
                    }
                    return uri.build();
                })
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    headers.set(HttpHeaders.AUTHORIZATION, user.bearer());
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .filter(event -> event.event() != null);
    }

    /** The events of a stream opened without headers, as a browser's EventSource opens it: by URL alone. */
    public static Flux<ServerSentEvent<String>> openByUrl(WebTestClient client, String url) {
        return client.get()
                .uri(url)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .filter(event -> event.event() != null);
    }

    /** A stream ticket issued to a user (bearer) or a guest cart (token); the JSON answer. */
    public static tools.jackson.databind.JsonNode ticket(WebTestClient client, TestUser user, String cartToken) {
        return client.post()
                .uri("/api/realtime/tickets")
                .headers(headers -> {
                    if (user != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, user.bearer());
                    }
                    if (cartToken != null) {
                        headers.set("X-Cart-Token", cartToken);
                    }
                })
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(tools.jackson.databind.JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    public static List<ServerSentEvent<String>> take(Flux<ServerSentEvent<String>> stream, int count) {
        return stream.take(count).collectList().block(Duration.ofSeconds(30));
    }

    public static String publish(
            KafkaTemplate<String, String> kafka,
            EventCodec codec,
            String topic,
            String type,
            String subject,
            Object data) {
        String id = UUID.randomUUID().toString();
        send(kafka, codec, topic, id, type, subject, data);
        return id;
    }

    public static void send(
            KafkaTemplate<String, String> kafka,
            EventCodec codec,
            String topic,
            String id,
            String type,
            String subject,
            Object data) {
        var envelope =
                new EventEnvelope(null, id, type, "sprocket/test", subject, Instant.now(), null, codec.toTree(data));
        try {
            kafka.send(topic, subject, codec.write(envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
