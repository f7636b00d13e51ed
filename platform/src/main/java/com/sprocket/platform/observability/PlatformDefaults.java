package com.sprocket.platform.observability;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code sprocket-platform-defaults.properties} as the lowest-precedence property source, so
 * every service starts with the same Kafka, actuator, tracing and error settings and may override
 * any of them in its own {@code application.yaml}.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String NAME = "sprocket-platform-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var resource = new ClassPathResource(NAME + ".properties");
        Properties properties = new Properties();
        try (InputStream in = resource.getInputStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("platform defaults missing from the classpath", e);
        }
        environment.getPropertySources().addLast(new PropertiesPropertySource(NAME, properties));
    }
}
