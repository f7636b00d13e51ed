package com.sprocket.notification.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topics domain topics the hub fans out and the audit log records
 * @param replayBufferPerChannel events kept per channel for Last-Event-ID replay
 * @param subscriberBuffer events queued for one slow client before it is disconnected (it reconnects and replays)
 * @param heartbeat interval of SSE comments that keep proxies from closing idle streams
 * @param messageMaxLength longest message body
 * @param messagesPerMinute messages one user may send per minute
 * @param channelLinger how long a channel and its replay buffer outlive its last stream (a reconnect within it replays)
 * @param maxStreams live streams one replica holds
 * @param maxStreamsPerUser live streams of one user (tabs, devices)
 * @param maxStreamsPerGuestCart live streams of one guest cart
 * @param ticketLifetime how long a stream ticket may wait before it is redeemed (once)
 * @param guestStreamLifetime how long a guest's stream runs before the client opens a new one with a fresh ticket
 * @param guestCartLifetime how long a guest cart counts as live after its last change (cart-service keeps it as long)
 * @param guestOrderLifetime how long a guest may follow an order live with its token
 */
@ConfigurationProperties("sprocket.notification")
public record NotificationProperties(
        @DefaultValue List<String> topics,
        @DefaultValue("256") int replayBufferPerChannel,
        @DefaultValue("512") int subscriberBuffer,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("2000") int messageMaxLength,
        @DefaultValue("20") int messagesPerMinute,
        @DefaultValue("60s") Duration channelLinger,
        @DefaultValue("10000") int maxStreams,
        @DefaultValue("5") int maxStreamsPerUser,
        @DefaultValue("3") int maxStreamsPerGuestCart,
        @DefaultValue("30s") Duration ticketLifetime,
        @DefaultValue("1h") Duration guestStreamLifetime,
        @DefaultValue("30d") Duration guestCartLifetime,
        @DefaultValue("90d") Duration guestOrderLifetime) {}
