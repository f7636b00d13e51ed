package com.sprocket.platform.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound runs in every test JVM (blockhound-junit-platform). These are the known, harmless
 * blocking calls of libraries we do not own; our own code gets no exceptions.
 */
public final class SprocketBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID")
                .allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
                .allowBlockingCallsInside("org.slf4j.LoggerFactory", "getLogger")
                .allowBlockingCallsInside("ch.qos.logback.classic.Logger", "callAppenders")
                .allowBlockingCallsInside("io.micrometer.core.instrument.composite.CompositeMeterRegistry", "newTimer")
                .allowBlockingCallsInside(
                        "org.springframework.validation.beanvalidation.SpringValidatorAdapter", "validate")
                .allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor", "schedule")
                // Jackson builds a deserializer once per type under a short lock; concurrent first
                // requests of a type wait for it in memory, not on I/O
                .allowBlockingCallsInside(
                        "tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                // Netty's default allocator takes a short in-memory write lock when many threads
                // allocate at once and it adds magazines (seen with 8 parallel readers of one part)
                .allowBlockingCallsInside(
                        "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                // a circuit breaker's event buffer takes a short in-memory write lock
                .allowBlockingCallsInside(
                        "io.github.resilience4j.circularbuffer.ConcurrentEvictingQueue", "writeConcurrently")
                // ... and so does its sliding window when it records a call's outcome: two event loops
                // finishing calls on one breaker at once wait for each other in memory (seen once in CI
                // during 1,000 parallel cart writes; the error BlockHound raised was dropped and left
                // that request without an answer)
                .allowBlockingCallsInside(
                        "io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record");
    }
}
