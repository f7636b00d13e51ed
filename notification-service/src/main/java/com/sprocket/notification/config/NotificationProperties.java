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
 */
@ConfigurationProperties("sprocket.notification")
public record NotificationProperties(
        @DefaultValue List<String> topics,
        @DefaultValue("256") int replayBufferPerChannel,
        @DefaultValue("512") int subscriberBuffer,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("2000") int messageMaxLength,
        @DefaultValue("20") int messagesPerMinute) {}
