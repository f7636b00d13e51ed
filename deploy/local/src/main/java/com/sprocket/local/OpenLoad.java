package com.sprocket.local;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * An open-model load generator in the manner of wrk2: request {@code i} is due at {@code start +
 * i / rate} whatever the answers do, and its latency is measured from that due time, so a server that
 * falls behind shows its queueing in the figures (no coordinated omission). One Netty event loop
 * drives every connection: a due request goes out on an idle keep-alive connection, on a new one
 * when none is idle (up to {@code maxConnections}), or waits for the next to free up.
 */
final class OpenLoad {

    private static final AttributeKey<long[]> DUE = AttributeKey.valueOf("due");

    private final URI base;
    private final List<String> paths;
    private final int maxConnections;
    private final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private int connections;
    private volatile long recordFrom;
    private Bootstrap bootstrap;

    OpenLoad(URI base, List<String> paths, int maxConnections) {
        this.base = base;
        this.paths = paths;
        this.maxConnections = maxConnections;
    }

    record Result(long requests, long errors, Histogram latencies) {}

    /**
     * Runs for {@code warmUp} seconds unrecorded (this JVM's and the server's code compiled,
     * connections opened: wrk2 calibrates for 10 s likewise), the first half of it climbing to
     * {@code rate}, then {@code seconds} recorded at {@code rate}.
     */
    Result run(double rate, int warmUp, int seconds) throws InterruptedException {
        // epoll where there is one: it waits for the next due request with a timer of microsecond
        // precision. NIO's selector waits whole milliseconds, so a tick every 500 µs made it poll
        // without waiting: the generator burnt a core even at 20 req/s, taken from the servers it measured
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group =
                new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            bootstrap = new Bootstrap()
                    .group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpClientCodec())
                                    .addLast(new HttpObjectAggregator(16 * 1024 * 1024))
                                    .addLast(new Responses());
                        }
                    });
            double ramp = warmUp / 2.0;
            long total = requests(rate, ramp, warmUp + seconds);
            long start = System.nanoTime() + 20_000_000;
            recordFrom = start + TimeUnit.SECONDS.toNanos(warmUp);
            long[] sent = {0};
            var ticker = group.next()
                    .scheduleAtFixedRate(
                            () -> {
                                long now = System.nanoTime();
                                while (sent[0] < total) {
                                    long due = start + due(sent[0], rate, ramp);
                                    if (due > now) {
                                        break;
                                    }
                                    sent[0]++;
                                    dispatch(due);
                                }
                            },
                            0,
                            epoll ? 500 : 1000,
                            TimeUnit.MICROSECONDS);
            long deadline = start + TimeUnit.SECONDS.toNanos(warmUp + seconds + 30);
            while (done.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(20); // the caller's thread waits; requests run on the Netty event loop
            }
            ticker.cancel(false);
            long unanswered = total - done.get();
            Histogram copy;
            synchronized (latencies) {
                copy = latencies.copy();
            }
            return new Result(copy.getTotalCount() + unanswered, errors.get() + unanswered, copy);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The first rate of the ramp, as a fraction of the run's rate. */
    private static final double RAMP_FROM = 0.1;

    /**
     * How many requests a run of {@code seconds} sends: the rate climbs from {@link #RAMP_FROM} of
     * {@code rate} to all of it over the first {@code ramp} seconds (unrecorded), then holds.
     */
    static long requests(double rate, double ramp, double seconds) {
        return (long) (sentBy(Math.min(ramp, seconds), rate, ramp) + rate * Math.max(0, seconds - ramp));
    }

    /** Requests sent in the first {@code t} seconds of the ramp: the integral of the climbing rate. */
    private static double sentBy(double t, double rate, double ramp) {
        double from = rate * RAMP_FROM;
        return ramp <= 0 ? 0 : from * t + (rate - from) * t * t / (2 * ramp);
    }

    /**
     * When request {@code i} is due, in nanoseconds from the start: on the ramp (the rate climbing
     * linearly) where the sent-by curve reaches {@code i}, then every {@code 1/rate} s. A cold start at
     * full rate made the first run of a fresh generator (its own code not yet compiled, every
     * connection still to open) build a backlog the server then never caught up on: 1,600 searches/s
     * measured a p99 of 1.5 s and, minutes later, 1,648/s one of 12 ms.
     */
    static long due(long i, double rate, double ramp) {
        double onRamp = sentBy(ramp, rate, ramp);
        double seconds;
        if (i < onRamp) {
            double from = rate * RAMP_FROM;
            double climb = (rate - from) / ramp;
            seconds = (-from + Math.sqrt(from * from + 2 * climb * i)) / climb;
        } else {
            seconds = ramp + (i - onRamp) / rate;
        }
        return (long) (seconds * 1e9);
    }

    /** On the event loop: send the request due at {@code due} now, or as soon as a connection frees. */
    private void dispatch(long due) {
        Channel channel = idle.pollFirst();
        if (channel != null) {
            send(channel, due);
        } else if (connections < maxConnections) {
            connections++;
            bootstrap.connect(base.getHost(), base.getPort()).addListener(future -> {
                if (future.isSuccess()) {
                    send(((io.netty.channel.ChannelFuture) future).channel(), due);
                } else {
                    connections--;
                    finished(due, false);
                }
            });
        } else {
            waiting.addLast(due);
        }
    }

    private void send(Channel channel, long due) {
        String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, base.getHost() + ":" + base.getPort());
        channel.attr(DUE).set(new long[] {due});
        channel.writeAndFlush(request);
    }

    /** A connection is free again: it takes the oldest waiting request, or goes idle. */
    private void free(Channel channel) {
        Long next = waiting.pollFirst();
        if (next != null) {
            send(channel, next);
        } else {
            idle.addLast(channel);
        }
    }

    private void finished(long due, boolean ok) {
        if (due >= recordFrom) {
            synchronized (latencies) {
                latencies.recordValue(Math.max(0, System.nanoTime() - due));
            }
            if (!ok) {
                errors.incrementAndGet();
            }
        }
        done.incrementAndGet();
    }

    private final class Responses extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            long[] due = context.channel().attr(DUE).getAndSet(null);
            if (due != null) {
                finished(due[0], response.status().code() < 400);
            }
            free(context.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            connections--;
            idle.remove(context.channel());
            long[] due = context.channel().attr(DUE).getAndSet(null);
            if (due != null) {
                finished(due[0], false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
