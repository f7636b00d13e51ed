package com.sprocket.platform.logging;

import org.apache.commons.logging.Log;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LocationAwareLogger;

/** A Commons Logging {@link Log} on an SLF4J logger: level first, then {@code String.valueOf}. */
final class Slf4jLog implements Log {

    /** Logback finds the caller's location by skipping frames up to this class. */
    private static final String FQCN = Slf4jLog.class.getName();

    private final Logger logger;

    Slf4jLog(Logger logger) {
        this.logger = logger;
    }

    private void log(Level level, Object message, Throwable failure) {
        String text = String.valueOf(message);
        if (logger instanceof LocationAwareLogger aware) {
            aware.log(null, FQCN, level.toInt(), text, null, failure);
        } else {
            logger.atLevel(level).setCause(failure).log(text);
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return logger.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return logger.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return logger.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return logger.isErrorEnabled();
    }

    @Override
    public boolean isFatalEnabled() {
        return logger.isErrorEnabled();
    }

    @Override
    public void trace(Object message) {
        trace(message, null);
    }

    @Override
    public void trace(Object message, Throwable failure) {
        if (logger.isTraceEnabled()) {
            log(Level.TRACE, message, failure);
        }
    }

    @Override
    public void debug(Object message) {
        debug(message, null);
    }

    @Override
    public void debug(Object message, Throwable failure) {
        if (logger.isDebugEnabled()) {
            log(Level.DEBUG, message, failure);
        }
    }

    @Override
    public void info(Object message) {
        info(message, null);
    }

    @Override
    public void info(Object message, Throwable failure) {
        if (logger.isInfoEnabled()) {
            log(Level.INFO, message, failure);
        }
    }

    @Override
    public void warn(Object message) {
        warn(message, null);
    }

    @Override
    public void warn(Object message, Throwable failure) {
        if (logger.isWarnEnabled()) {
            log(Level.WARN, message, failure);
        }
    }

    @Override
    public void error(Object message) {
        error(message, null);
    }

    @Override
    public void error(Object message, Throwable failure) {
        if (logger.isErrorEnabled()) {
            log(Level.ERROR, message, failure);
        }
    }

    @Override
    public void fatal(Object message) {
        error(message, null);
    }

    @Override
    public void fatal(Object message, Throwable failure) {
        error(message, failure);
    }
}
