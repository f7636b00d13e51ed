package com.sprocket.notification.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SSE event id of a stream: the last sequence delivered per channel, e.g.
 * {@code user:4f..=12,vendor:4f..=3}. The browser sends it back as Last-Event-ID when it reconnects.
 */
final class StreamPosition {

    private final Map<String, Long> sequences = new LinkedHashMap<>();

    static Map<String, Long> parse(String lastEventId) {
        Map<String, Long> parsed = new LinkedHashMap<>();
        if (lastEventId == null || lastEventId.isBlank() || lastEventId.length() > 2000) {
            return parsed;
        }
        for (String part : lastEventId.split(",")) {
            int equals = part.lastIndexOf('=');
            if (equals > 0) {
                try {
                    parsed.put(part.substring(0, equals), Long.parseLong(part.substring(equals + 1)));
                } catch (NumberFormatException ignored) {
                    // a mangled position counts as none: the channel resyncs or starts live
                }
            }
        }
        return parsed;
    }

    StreamPosition(Map<String, Long> start) {
        sequences.putAll(start);
    }

    synchronized String advance(Delivery delivery) {
        sequences.put(delivery.channel(), delivery.sequence());
        return sequences.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(","));
    }
}
