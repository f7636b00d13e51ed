package com.sprocket.platform.observability;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Each Sprocket service names its configuration file after itself ({@code catalog-service.yaml}, not
 * {@code application.yaml}), so several services can share one classpath (the gateway's system tests
 * run them in one JVM) without reading each other's settings. The name comes from the application
 * class's {@code public static final String CONFIG_NAME}; an explicit {@code spring.config.name}
 * (environment, system property, argument) still wins. Runs before config files are loaded.
 */
public class ServiceConfigName implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before ConfigDataEnvironmentPostProcessor reads spring.config.name
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.config.name")) {
            return;
        }
        for (Object source : application.getAllSources()) {
            if (source instanceof Class<?> type) {
                String name = configName(type);
                if (name != null) {
                    environment
                            .getPropertySources()
                            .addLast(new MapPropertySource("sprocket-config-name", Map.of("spring.config.name", name)));
                    return;
                }
            }
        }
    }

    private static String configName(Class<?> type) {
        try {
            Field field = type.getField("CONFIG_NAME");
            int modifiers = field.getModifiers();
            return Modifier.isStatic(modifiers) && field.getType() == String.class ? (String) field.get(null) : null;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return null;
        }
    }
}
