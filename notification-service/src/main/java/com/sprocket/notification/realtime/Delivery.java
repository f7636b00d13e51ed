package com.sprocket.notification.realtime;

import java.time.Instant;

/**
 * What a stream carries: an event of a channel with its per-channel sequence, or a resync telling
 * the client that events of a channel were lost (older than the replay buffer) and it must reload.
 */
public record Delivery(String channel, long sequence, String type, String data, Instant time) {

    public static final String RESYNC = "resync";

    static Delivery resync(String channel, long sequence) {
        return new Delivery(channel, sequence, RESYNC, "{\"channel\":\"" + channel + "\"}", Instant.now());
    }

    boolean isResync() {
        return RESYNC.equals(type);
    }
}
