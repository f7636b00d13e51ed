package com.sprocket.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LevelCheckingLogFactoryTests {

    private static final String NAME = "com.sprocket.platform.logging.sample";

    private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void listen() {
        events.start();
        logback.addAppender(events);
    }

    @AfterEach
    void restore() {
        logback.detachAppender(events);
        logback.setLevel(null);
    }

    @Test
    void commons_logging_finds_the_platform_factory() {
        assertThat(LogFactory.getFactory()).isInstanceOf(LevelCheckingLogFactory.class);
        assertThat(LogFactory.getLog(NAME)).isInstanceOf(Slf4jLog.class);
    }

    @Test
    void a_message_below_the_level_is_never_rendered() {
        logback.setLevel(Level.INFO);
        Log log = LogFactory.getLog(NAME);
        Rendered message = new Rendered();

        log.debug(message);
        log.trace(message, new IllegalStateException("ignored"));

        assertThat(message.renderings).hasValue(0);
        assertThat(events.list).isEmpty();
    }

    @Test
    void a_message_at_an_enabled_level_is_rendered_once_with_its_cause() {
        logback.setLevel(Level.DEBUG);
        Log log = LogFactory.getLog(NAME);
        Rendered message = new Rendered();

        log.debug(message, new IllegalStateException("the cause"));
        log.fatal("fatal is logged as an error");

        assertThat(message.renderings).hasValue(1);
        assertThat(events.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("rendered", "fatal is logged as an error");
        assertThat(events.list.get(0).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(events.list.get(0).getThrowableProxy().getMessage()).isEqualTo("the cause");
        assertThat(events.list.get(1).getLevel()).isEqualTo(Level.ERROR);
    }

    /** A lazy message like Spring's {@code LogMessage}: counts how often it is turned into text. */
    private static final class Rendered {
        final AtomicInteger renderings = new AtomicInteger();

        @Override
        public String toString() {
            renderings.incrementAndGet();
            return "rendered";
        }
    }
}
