package com.sprocket.notification.realtime;

import java.time.Instant;

/**
 * What a stream carries: an event of a channel with its per-channel sequence, or a resync telling
 * the client that events of a channel were lost (older than the replay buffer) and it must reload, or
 * the end of a stream the server closes (token expired, account deactivated, role changed).
 */
public record Delivery(String channel, long sequence, String type, String data, Instant time) {

    public static final String RESYNC = "resync";

    /** The last event of a stream the server ends; data names why. The client opens a new stream. */
    public static final String END = "end";

    static Delivery resync(String channel, long sequence) {
        return new Delivery(channel, sequence, RESYNC, "{\"channel\":\"" + channel + "\"}", Instant.now());
    }

    static Delivery end(String reason) {
        return new Delivery("", 0, END, "{\"reason\":\"" + reason + "\"}", Instant.now());
    }

    boolean isEnd() {
        return END.equals(type);
    }

    boolean isResync() {
        return RESYNC.equals(type);
    }
}
