package com.sprocket.platform.test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
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
 * closes; every exchange of its {@code WebTestClient} is held to the service's OpenAPI document
 * ({@link ContractValidation}). With {@link FaultInjection}, R2DBC goes through a cuttable proxy and Kafka is a broker
 * process of the test's own. Registered in {@code META-INF/spring.factories}.
 */
public final class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        var annotations = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
        return annotations.isPresent(SprocketIntegrationTest.class)
                ? new Customizer(testClass.getSimpleName(), annotations.isPresent(FaultInjection.class))
                : null;
    }

    private record Customizer(String testClass, boolean faults) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPostgres postgres = TestPostgres.get();
            String database = postgres.createDatabase(testClass);
            Map<String, Object> properties = new HashMap<>();
            properties.put("spring.r2dbc.url", postgres.r2dbcUrl(database));
            properties.put("spring.r2dbc.username", postgres.user());
            properties.put("spring.r2dbc.password", postgres.password());
            properties.put("spring.liquibase.url", postgres.jdbcUrl(database));
            properties.put("spring.liquibase.user", postgres.user());
            properties.put("spring.liquibase.password", postgres.password());
            properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
            properties.put("sprocket.security.jwt.public-key-location", TestTokens.publicKeyLocation());
            // a service tested alone has no producer for the topics it consumes
            properties.put("sprocket.kafka.create-consumed-topics", "true");
            properties.put("sprocket.test.database", database);
            context.getBeanFactory().registerSingleton("sprocketContractValidation", (WebTestClientBuilderCustomizer)
                    builder -> builder.filter(new ContractValidation()));
            Faults breakable = faults ? new Faults(postgres.proxy(), KafkaProcess.start()) : null;
            if (breakable != null) {
                properties.put(
                        "spring.r2dbc.url",
                        postgres.r2dbcUrl("127.0.0.1", breakable.database().port(), database));
                properties.put(
                        "spring.kafka.bootstrap-servers", breakable.kafka().bootstrapServers());
                context.getBeanFactory().registerSingleton("faults", breakable);
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("sprocket-test-infrastructure", properties));
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    if (breakable != null) {
                        breakable.close();
                    }
                    postgres.dropDatabase(database);
                }
            });
        }
    }
}
