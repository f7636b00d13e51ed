package com.sprocket.notification.realtime;

import com.sprocket.notification.config.NotificationProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RealtimeHubTests {

    private final RealtimeHub hub = new RealtimeHub(
            new NotificationProperties(List.of(), 3, 2, Duration.ofSeconds(15), 2000, 20), new SimpleMeterRegistry());

    @Test
    void a_client_that_stops_reading_is_cut_off_instead_of_growing_memory() {
        StepVerifier.create(hub.subscribe(Set.of("user:a"), Map.of()), 0)
                .then(() -> {
                    for (int i = 0; i < 50; i++) {
                        hub.publish("user:a", "t.v1", "{}", Instant.now());
                    }
                })
                .thenRequest(100)
                .thenConsumeWhile(delivery -> true) // what fit in its bounded queue
                .expectError(RealtimeHub.SlowConsumerException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void replays_from_the_buffer_and_resyncs_beyond_it() {
        for (int i = 1; i <= 5; i++) {
            hub.publish("user:b", "t.v1", "{\"n\":" + i + "}", Instant.now());
        }
        StepVerifier.create(
                        hub.subscribe(Set.of("user:b"), Map.of("user:b", 3L)).take(2))
                .expectNextMatches(d -> d.sequence() == 4)
                .expectNextMatches(d -> d.sequence() == 5)
                .verifyComplete();
        StepVerifier.create(
                        hub.subscribe(Set.of("user:b"), Map.of("user:b", 1L)).take(1))
                .expectNextMatches(d -> d.type().equals(Delivery.RESYNC))
                .verifyComplete();
        StepVerifier.create(
                        hub.subscribe(Set.of("user:b"), Map.of("user:b", 99L)).take(1))
                .expectNextMatches(d -> d.type().equals(Delivery.RESYNC))
                .verifyComplete();
    }
}
