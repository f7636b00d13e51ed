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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * This replica's fan-out: channels ({@code user:<id>}, {@code vendor:<id>}, {@code conversation:<id>},
 * {@code guestcart:<hash>}) with a bounded replay buffer, and the streams subscribed to them.
 *
 * <p>Every replica consumes every event (its own consumer group), so a client may connect to any of
 * them. A channel exists only while someone listens, and lingers {@code channelLinger} after its last
 * stream closes so a reconnecting client can replay what it missed; an event for a channel nobody
 * listens to is dropped (the client loads state over REST when it connects). Sequences start at a
 * random base per channel incarnation, so a position from another replica or an evicted incarnation
 * never matches and yields a resync instead of silently wrong replay.
 *
 * <p>Memory is bounded: at most {@code maxStreams} streams ({@code maxStreamsPerUser} per user,
 * {@code maxStreamsPerGuestCart} per guest cart), {@code replayBufferPerChannel} events per channel,
 * {@code subscriberBuffer} undelivered events per stream (a client that falls that far behind is
 * ended and reconnects with its position).
 */
@Component
public class RealtimeHub implements DisposableBean {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscriber>> owners = new ConcurrentHashMap<>();
    private final NotificationProperties properties;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter delivered;
    private final Counter resyncs;
    private final Counter overflows;
    private final Counter refused;
    private final Counter dropped;
    private final Timer lag;
    private final Disposable sweeper;

    RealtimeHub(NotificationProperties properties, MeterRegistry meters) {
        this.properties = properties;
        Gauge.builder("sprocket.realtime.streams", openStreams, AtomicInteger::get)
                .description("Open SSE streams on this replica")
                .register(meters);
        Gauge.builder("sprocket.realtime.channels", channels, Map::size)
                .description("Channels held in memory (listened to, or lingering for a reconnect)")
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
        this.refused = Counter.builder("sprocket.realtime.refused")
                .description("Streams refused because a stream limit was reached")
                .register(meters);
        this.dropped = Counter.builder("sprocket.realtime.unheard")
                .description("Events for channels nobody listens to on this replica (dropped)")
                .register(meters);
        this.lag = Timer.builder("sprocket.realtime.lag")
                .description("From the event's time to its hand-off to a stream")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        Duration every = properties.channelLinger().dividedBy(2);
        this.sweeper = Schedulers.parallel()
                .schedulePeriodically(
                        () -> sweep(Instant.now()),
                        every.toMillis(),
                        every.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Adds an event to a channel someone listens to and hands it to every stream on it. */
    public void publish(String channel, String type, String data, Instant time) {
        Channel target = channels.get(channel);
        if (target == null) {
            dropped.increment();
            return;
        }
        target.publish(channel, type, data, time);
    }

    /**
     * A stream of the given channels for {@code owner} ({@code user:<id>} or {@code guestcart:<hash>}).
     * {@code lastSeen} holds the last sequence the client got per channel: newer buffered events are
     * replayed first, in order, or a resync is sent when the buffer no longer reaches back that far.
     *
     * @throws StreamLimitException when the owner's or this replica's stream limit is reached
     */
    public Flux<Delivery> subscribe(String owner, Set<String> wanted, Map<String, Long> lastSeen) {
        Subscriber subscriber = admit(owner);
        for (String name : wanted) {
            channels.compute(name, (key, channel) -> {
                Channel target = channel != null ? channel : new Channel(properties.replayBufferPerChannel());
                target.attach(key, subscriber, lastSeen.get(key));
                return target;
            });
        }
        return subscriber
                .sink
                .asFlux()
                .doOnNext(delivery -> {
                    subscriber.pending.decrementAndGet();
                    count(delivery);
                })
                .doFinally(signal -> release(owner, wanted, subscriber));
    }

    /** Ends every stream of an owner (deactivated, role changed): each gets an {@code end} event, then completes. */
    public void end(String owner, String reason) {
        Set<Subscriber> streams = owners.get(owner);
        if (streams != null) {
            streams.forEach(subscriber -> subscriber.end(reason));
        }
    }

    public int openStreams() {
        return openStreams.get();
    }

    public int channels() {
        return channels.size();
    }

    /** True while the channel is held (someone listens, or it lingers for a reconnect). */
    public boolean holds(String channel) {
        return channels.containsKey(channel);
    }

    /** Drops channels nobody has listened to for {@code channelLinger}. */
    void sweep(Instant now) {
        Instant cutoff = now.minus(properties.channelLinger());
        channels.keySet()
                .forEach(name ->
                        channels.computeIfPresent(name, (key, channel) -> channel.idleSince(cutoff) ? null : channel));
    }

    @Override
    public void destroy() {
        sweeper.dispose();
    }

    private Subscriber admit(String owner) {
        int limit = owner.startsWith("guest") ? properties.maxStreamsPerGuestCart() : properties.maxStreamsPerUser();
        if (openStreams.incrementAndGet() > properties.maxStreams()) {
            openStreams.decrementAndGet();
            refused.increment();
            throw new StreamLimitException("This server has as many live streams as it holds; try again shortly.");
        }
        // a linked queue grows by small chunks as events wait, so an idle stream costs a few hundred
        // bytes rather than a preallocated array of subscriberBuffer slots; the cap is counted instead
        Subscriber subscriber = new Subscriber(
                Sinks.many()
                        .unicast()
                        .onBackpressureBuffer(Queues.<Delivery>unbounded(16).get()),
                properties.subscriberBuffer());
        boolean[] admitted = {false};
        owners.compute(owner, (key, streams) -> {
            Set<Subscriber> set = streams != null ? streams : ConcurrentHashMap.newKeySet();
            if (set.size() < limit) {
                set.add(subscriber);
                admitted[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        if (!admitted[0]) {
            openStreams.decrementAndGet();
            refused.increment();
            throw new StreamLimitException("At most " + limit + " live streams per "
                    + (owner.startsWith("guest") ? "guest cart or order" : "user") + "; close one first.");
        }
        return subscriber;
    }

    private void release(String owner, Set<String> wanted, Subscriber subscriber) {
        openStreams.decrementAndGet();
        owners.computeIfPresent(owner, (key, streams) -> {
            streams.remove(subscriber);
            return streams.isEmpty() ? null : streams;
        });
        for (String name : wanted) {
            // a channel that never carried an event has nothing to replay: it goes at once
            channels.computeIfPresent(name, (key, channel) -> channel.detach(subscriber) ? null : channel);
        }
    }

    private void count(Delivery delivery) {
        if (delivery.isResync()) {
            resyncs.increment();
        } else if (!delivery.isEnd()) {
            delivered.increment();
            lag.record(Duration.between(delivery.time(), Instant.now()));
        }
    }

    /**
     * One stream. Channels publish from different threads (Kafka's, a controller's), so offers are
     * serialised here: the unicast sink accepts one emitter at a time, and a rejected emission is then
     * always a full queue, never a collision taken for one.
     */
    private final class Subscriber {
        final Sinks.Many<Delivery> sink;
        final AtomicInteger pending = new AtomicInteger();
        private final int capacity;
        private boolean ended;

        Subscriber(Sinks.Many<Delivery> sink, int capacity) {
            this.sink = sink;
            this.capacity = capacity;
        }

        synchronized void offer(Delivery delivery) {
            if (ended) {
                return;
            }
            if (pending.incrementAndGet() > capacity
                    || sink.tryEmitNext(delivery).isFailure()) {
                ended = true;
                overflows.increment();
                sink.tryEmitError(new SlowConsumerException());
            }
        }

        synchronized void end(String reason) {
            if (ended) {
                return;
            }
            ended = true;
            sink.tryEmitNext(Delivery.end(reason));
            sink.tryEmitComplete();
        }
    }

    private static final class Channel {
        private final int capacity;
        private final ArrayDeque<Delivery> buffer;
        private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        private final long base = ThreadLocalRandom.current().nextLong(1, 1L << 31) << 32;
        private long sequence = base;
        private Instant idleSince = Instant.now();

        Channel(int capacity) {
            this.capacity = capacity;
            this.buffer = new ArrayDeque<>(Math.min(capacity, 4));
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
            if (lastSeen != null && lastSeen != sequence) {
                long oldest =
                        buffer.isEmpty() ? sequence + 1 : buffer.peekFirst().sequence();
                if (lastSeen < oldest - 1 || lastSeen > sequence) {
                    // older than the buffer, or a position of another replica or incarnation
                    subscriber.offer(Delivery.resync(name, sequence));
                } else {
                    List.copyOf(buffer).stream()
                            .filter(event -> event.sequence() > lastSeen)
                            .forEach(subscriber::offer);
                }
            }
            subscribers.add(subscriber);
        }

        /** Detaches a stream; true when the channel may go at once (no listener, nothing to replay). */
        synchronized boolean detach(Subscriber subscriber) {
            subscribers.remove(subscriber);
            if (subscribers.isEmpty()) {
                idleSince = Instant.now();
                return sequence == base;
            }
            return false;
        }

        synchronized boolean idleSince(Instant cutoff) {
            return subscribers.isEmpty() && idleSince.isBefore(cutoff);
        }
    }

    /** The client fell too far behind; it reconnects with its position. */
    static final class SlowConsumerException extends RuntimeException {
        SlowConsumerException() {
            super("stream ended: the client fell too far behind", null, false, false);
        }
    }

    /** A stream limit is reached (429). */
    public static final class StreamLimitException extends RuntimeException {
        StreamLimitException(String message) {
            super(message, null, false, false);
        }
    }
}
