package com.sprocket.platform.test;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * For every {@link SprocketIntegrationTest} class: creates its database, points R2DBC, Liquibase,
 * Kafka and the JWT check at the run's infrastructure, and drops the database when the context
 * closes. Registered in {@code META-INF/spring.factories}.
 */
public final class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        boolean wanted = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(SprocketIntegrationTest.class);
        return wanted ? new Customizer(testClass.getSimpleName()) : null;
    }

    private record Customizer(String testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPostgres postgres = TestPostgres.get();
            String database = postgres.createDatabase(testClass);
            Map<String, Object> properties = Map.of(
                    "spring.r2dbc.url", postgres.r2dbcUrl(database),
                    "spring.r2dbc.username", postgres.user(),
                    "spring.r2dbc.password", postgres.password(),
                    "spring.liquibase.url", postgres.jdbcUrl(database),
                    "spring.liquibase.user", postgres.user(),
                    "spring.liquibase.password", postgres.password(),
                    "spring.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                    "sprocket.security.jwt.public-key-location", TestTokens.publicKeyLocation(),
                    "sprocket.test.database", database);
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("sprocket-test-infrastructure", properties));
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    postgres.dropDatabase(database);
                }
            });
        }
    }
}
