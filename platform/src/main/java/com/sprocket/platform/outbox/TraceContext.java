package com.sprocket.platform.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Captures the W3C {@code traceparent} of the request that writes an event, so the relay can put it
 * on the Kafka record later and the consumer's span joins the producer's trace.
 */
@FunctionalInterface
public interface TraceContext {

    TraceContext NONE = () -> null;

    String currentTraceparent();

    static TraceContext of(Tracer tracer) {
        return () -> {
            Span span = tracer.currentSpan();
            if (span == null) {
                return null;
            }
            var context = span.context();
            String flags = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
            return "00-" + context.traceId() + "-" + context.spanId() + "-" + flags;
        };
    }
}
