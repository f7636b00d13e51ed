package com.sprocket.platform.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.LoggerFactory;

/**
 * Commons Logging over SLF4J that renders a message only when its level is enabled.
 *
 * <p>Spring Framework 7 logs through Apache Commons Logging, whose SLF4J bridge ({@code
 * Slf4jLogFactory}, 1.3.x) calls {@code String.valueOf(message)} before SLF4J checks the level. Spring
 * and Spring Security pass lazy {@code LogMessage}s on hot paths (each security matcher logs "Trying to
 * match using ..." for every request) and relied on the old {@code spring-jcl} adapter checking the
 * level first, so every request formatted and dropped a string per matcher: a fifth of the gateway's
 * allocation and CPU under load (JFR), the same in every service (spring-framework#37266). This
 * factory is found by Commons Logging's {@code ServiceLoader} lookup (its first choice after a system
 * property) through {@code META-INF/services/org.apache.commons.logging.LogFactory}.
 */
public final class LevelCheckingLogFactory extends LogFactory {

    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    @Override
    public Log getInstance(Class<?> type) {
        return getInstance(type.getName());
    }

    @Override
    public Log getInstance(String name) {
        return logs.computeIfAbsent(name, key -> new Slf4jLog(LoggerFactory.getLogger(key)));
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public String[] getAttributeNames() {
        return attributes.keySet().toArray(String[]::new);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void release() {
        logs.clear();
    }
}
