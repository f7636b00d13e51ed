package com.sprocket.notification.realtime;

import com.sprocket.notification.config.NotificationProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * This replica's fan-out: channels ({@code user:<id>}, {@code vendor:<id>}, {@code conversation:<id>},
 * ...) with a per-channel sequence and a bounded replay buffer, and the streams subscribed to them.
 *
 * <p>Every replica consumes every event (its own consumer group), so a client may connect to any of
 * them. Sequences are per replica: a client that comes back with a position this replica does not
 * know (a restart, another replica) gets a resync for that channel, never silently nothing.
 *
 * <p>Memory is bounded: {@code replayBufferPerChannel} events per channel, and at most
 * {@code subscriberBuffer} undelivered events per stream; a stream that falls that far behind is
 * ended, and its client reconnects with Last-Event-ID.
 */
@Component
public class RealtimeHub {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final NotificationProperties properties;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter delivered;
    private final Counter resyncs;
    private final Counter overflows;
    private final Timer lag;

    RealtimeHub(NotificationProperties properties, MeterRegistry meters) {
        this.properties = properties;
        Gauge.builder("sprocket.realtime.streams", openStreams, AtomicInteger::get)
                .description("Open SSE streams on this replica")
                .register(meters);
        this.delivered = Counter.builder("sprocket.realtime.delivered")
                .description("Events handed to streams")
                .register(meters);
        this.resyncs = Counter.builder("sprocket.realtime.resyncs")
                .description("Resync events sent")
                .register(meters);
        this.overflows = Counter.builder("sprocket.realtime.slow.disconnects")
                .description("Streams ended because the client fell too far behind")
                .register(meters);
        this.lag = Timer.builder("sprocket.realtime.lag")
                .description("From the event's time to its hand-off to a stream")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** Adds an event to a channel and hands it to every stream subscribed to it. */
    public void publish(String channel, String type, String data, Instant time) {
        Channel target = channels.computeIfAbsent(channel, name -> new Channel(properties.replayBufferPerChannel()));
        target.publish(channel, type, data, time);
    }

    /**
     * A stream of the given channels. {@code lastSeen} (from Last-Event-ID) holds the last sequence
     * the client got per channel: newer buffered events are replayed first, in order, or a resync is
     * sent when the buffer no longer reaches back that far.
     */
    public Flux<Delivery> subscribe(Set<String> wanted, Map<String, Long> lastSeen) {
        return Flux.defer(() -> {
            Subscriber subscriber = new Subscriber(Sinks.many()
                    .unicast()
                    .onBackpressureBuffer(
                            Queues.<Delivery>get(properties.subscriberBuffer()).get()));
            for (String name : wanted) {
                channels.computeIfAbsent(name, key -> new Channel(properties.replayBufferPerChannel()))
                        .attach(name, subscriber, lastSeen.get(name));
            }
            openStreams.incrementAndGet();
            return subscriber.sink.asFlux().doOnNext(this::count).doFinally(signal -> {
                openStreams.decrementAndGet();
                wanted.forEach(name -> {
                    Channel channel = channels.get(name);
                    if (channel != null) {
                        channel.subscribers.remove(subscriber);
                    }
                });
            });
        });
    }

    public int openStreams() {
        return openStreams.get();
    }

    private void count(Delivery delivery) {
        if (delivery.isResync()) {
            resyncs.increment();
        } else {
            delivered.increment();
            lag.record(Duration.between(delivery.time(), Instant.now()));
        }
    }

    private final class Subscriber {
        final Sinks.Many<Delivery> sink;
        volatile boolean ended;

        Subscriber(Sinks.Many<Delivery> sink) {
            this.sink = sink;
        }

        void offer(Delivery delivery) {
            if (ended) {
                return;
            }
            if (sink.tryEmitNext(delivery).isFailure()) {
                ended = true;
                overflows.increment();
                sink.tryEmitError(new SlowConsumerException());
            }
        }
    }

    private final class Channel {
        private final int capacity;
        private final ArrayDeque<Delivery> buffer;
        private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
        private long sequence;

        Channel(int capacity) {
            this.capacity = capacity;
            this.buffer = new ArrayDeque<>(Math.min(capacity, 16));
        }

        synchronized void publish(String name, String type, String data, Instant time) {
            Delivery delivery = new Delivery(name, ++sequence, type, data, time);
            if (buffer.size() == capacity) {
                buffer.removeFirst();
            }
            buffer.addLast(delivery);
            subscribers.forEach(subscriber -> subscriber.offer(delivery));
        }

        /** Under the channel's lock, so no event falls between the replay and the live feed. */
        synchronized void attach(String name, Subscriber subscriber, Long lastSeen) {
            if (lastSeen != null && lastSeen < sequence) {
                long oldest =
                        buffer.isEmpty() ? sequence + 1 : buffer.peekFirst().sequence();
                if (lastSeen + 1 < oldest) {
                    subscriber.offer(Delivery.resync(name, sequence));
                } else {
                    List.copyOf(buffer).stream()
                            .filter(event -> event.sequence() > lastSeen)
                            .forEach(subscriber::offer);
                }
            } else if (lastSeen != null && lastSeen > sequence) {
                subscriber.offer(Delivery.resync(name, sequence)); // a position from another replica or life
            }
            subscribers.add(subscriber);
        }
    }

    /** The client fell too far behind; it reconnects with Last-Event-ID. */
    static final class SlowConsumerException extends RuntimeException {
        SlowConsumerException() {
            super("stream ended: the client fell too far behind", null, false, false);
        }
    }
}
