package com.sprocket.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sprocket.notification.config.NotificationProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

class RealtimeHubTests {

    private final RealtimeHub hub = hub(3, 2, 100, 2, 2);

    static RealtimeHub hub(int replay, int subscriberBuffer, int maxStreams, int perUser, int perGuestCart) {
        return new RealtimeHub(
                new NotificationProperties(
                        List.of(),
                        replay,
                        subscriberBuffer,
                        Duration.ofSeconds(15),
                        2000,
                        20,
                        Duration.ofSeconds(60),
                        maxStreams,
                        perUser,
                        perGuestCart,
                        Duration.ofSeconds(30),
                        Duration.ofHours(1),
                        Duration.ofDays(30),
                        Duration.ofDays(90)),
                new SimpleMeterRegistry());
    }

    @Test
    void a_client_that_stops_reading_is_cut_off_instead_of_growing_memory() {
        StepVerifier.create(hub.subscribe("user:a", Set.of("user:a"), Map.of()), 0)
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
    void replays_from_the_buffer_and_resyncs_beyond_it_or_for_a_foreign_position() {
        List<Delivery> first = new CopyOnWriteArrayList<>();
        Disposable listening =
                hub.subscribe("user:b", Set.of("user:b"), Map.of()).subscribe(first::add);
        for (int i = 1; i <= 5; i++) {
            hub.publish("user:b", "t.v1", "{\"n\":" + i + "}", Instant.now());
        }
        listening.dispose();
        long third = first.get(2).sequence();

        StepVerifier.create(hub.subscribe("user:b", Set.of("user:b"), Map.of("user:b", third))
                        .take(2))
                .expectNextMatches(d -> d.sequence() == third + 1 && d.data().equals("{\"n\":4}"))
                .expectNextMatches(d -> d.sequence() == third + 2)
                .verifyComplete();
        StepVerifier.create(hub.subscribe("user:b", Set.of("user:b"), Map.of("user:b", third - 2))
                        .take(1))
                .expectNextMatches(d -> d.type().equals(Delivery.RESYNC))
                .verifyComplete();
        StepVerifier.create(hub.subscribe("user:b", Set.of("user:b"), Map.of("user:b", 3L))
                        .take(1))
                .as("a position of another replica or an earlier life of the channel")
                .expectNextMatches(d -> d.type().equals(Delivery.RESYNC))
                .verifyComplete();
    }

    @Test
    void events_for_a_channel_nobody_listens_to_are_dropped_and_idle_channels_are_evicted() {
        hub.publish("user:nobody", "t.v1", "{}", Instant.now());
        assertThat(hub.channels()).isZero();

        Disposable quiet = hub.subscribe("user:q", Set.of("user:q"), Map.of()).subscribe();
        assertThat(hub.channels()).isEqualTo(1);
        quiet.dispose();
        assertThat(hub.channels())
                .as("a channel that never carried an event goes at once")
                .isZero();

        Disposable busy = hub.subscribe("user:r", Set.of("user:r"), Map.of()).subscribe();
        hub.publish("user:r", "t.v1", "{}", Instant.now());
        busy.dispose();
        assertThat(hub.channels()).as("lingers for a reconnect").isEqualTo(1);
        hub.sweep(Instant.now().plusSeconds(61));
        assertThat(hub.channels()).isZero();
    }

    @Test
    void two_channels_publishing_from_two_threads_into_one_stream_lose_nothing() throws Exception {
        RealtimeHub roomy = hub(10, 100_000, 100, 5, 5);
        List<Delivery> received = new CopyOnWriteArrayList<>();
        Disposable stream = roomy.subscribe("user:v", Set.of("user:v", "vendor:v"), Map.of())
                .subscribe(received::add);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (String channel : List.of("user:v", "vendor:v")) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 20_000; i++) {
                    roomy.publish(channel, "t.v1", "{}", Instant.now());
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(received).hasSize(40_000);
        stream.dispose();
    }

    @Test
    void streams_are_capped_per_user_per_guest_cart_and_in_total() {
        RealtimeHub small = hub(3, 10, 5, 2, 1);
        List<Disposable> open = new ArrayList<>();
        open.add(small.subscribe("user:u", Set.of("user:u"), Map.of()).subscribe());
        open.add(small.subscribe("user:u", Set.of("user:u"), Map.of()).subscribe());
        assertThatThrownBy(() -> small.subscribe("user:u", Set.of("user:u"), Map.of()))
                .isInstanceOf(RealtimeHub.StreamLimitException.class)
                .hasMessageContaining("per user");
        open.add(small.subscribe("guestcart:g", Set.of("guestcart:g"), Map.of()).subscribe());
        assertThatThrownBy(() -> small.subscribe("guestcart:g", Set.of("guestcart:g"), Map.of()))
                .hasMessageContaining("per guest cart");
        open.add(small.subscribe("user:x", Set.of("user:x"), Map.of()).subscribe());
        open.add(small.subscribe("user:y", Set.of("user:y"), Map.of()).subscribe());
        assertThatThrownBy(() -> small.subscribe("user:z", Set.of("user:z"), Map.of()))
                .hasMessageContaining("as many live streams");
        assertThat(small.openStreams()).isEqualTo(5);

        open.getFirst().dispose();
        small.subscribe("user:u", Set.of("user:u"), Map.of()).subscribe().dispose();
        open.forEach(Disposable::dispose);
        assertThat(small.openStreams()).isZero();
    }

    @Test
    void ending_a_users_streams_sends_an_end_event_and_completes_them() {
        StepVerifier.create(hub.subscribe("user:e", Set.of("user:e"), Map.of()))
                .then(() -> hub.end("user:e", "deactivated"))
                .expectNextMatches(d -> d.isEnd() && d.data().contains("deactivated"))
                .verifyComplete();
        assertThat(hub.openStreams()).isZero();
    }

    @Test
    void a_hundred_thousand_guest_streams_leave_no_memory_behind_once_closed() {
        int count = 100_000;
        RealtimeHub large = hub(256, 512, count, 5, 3);
        long baseline = settledHeap();

        List<Disposable> streams = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String channel = "guestcart:" + UUID.randomUUID();
            streams.add(large.subscribe(channel, Set.of(channel), Map.of()).subscribe());
        }
        long open = settledHeap();
        assertThat(large.openStreams()).isEqualTo(count);
        assertThat(large.channels()).isEqualTo(count);

        streams.forEach(Disposable::dispose);
        streams.clear();
        long closed = settledHeap();

        System.out.printf(
                "hub heap: baseline %.1f MiB, %d guest streams open %.1f MiB (%.0f bytes each), closed %.1f MiB%n",
                mib(baseline), count, mib(open), (open - baseline) / (double) count, mib(closed));
        assertThat(large.openStreams()).isZero();
        assertThat(large.channels()).isZero();
        assertThat(closed - baseline).as("heap back at its baseline").isLessThan(8L * 1024 * 1024);
    }

    private static long settledHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            try {
                Thread.sleep(50); // lets the collector finish before the heap is read (a measurement, not a wait)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 256 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
