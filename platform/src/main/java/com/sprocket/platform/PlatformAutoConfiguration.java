package com.sprocket.platform;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.inbox.Inbox;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxProperties;
import com.sprocket.platform.outbox.OutboxRelay;
import com.sprocket.platform.outbox.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.ObjectMapper;

/** The event envelope, the transactional outbox and its relay, and the consumer inbox. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"
        })
@EnableConfigurationProperties(OutboxProperties.class)
@ConditionalOnClass(name = {"io.r2dbc.spi.ConnectionFactory", "org.springframework.kafka.core.KafkaTemplate"})
@ConditionalOnBean(type = {"io.r2dbc.spi.ConnectionFactory", "org.springframework.kafka.core.KafkaTemplate"})
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec(ObjectMapper mapper) {
        return new EventCodec(mapper);
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    Outbox outbox(
            DatabaseClient db,
            EventCodec codec,
            @Value("${spring.application.name}") String applicationName,
            ObjectProvider<Tracer> tracer,
            Clock clock) {
        TraceContext traceContext =
                tracer.stream().findFirst().map(TraceContext::of).orElse(TraceContext.NONE);
        return new Outbox(db, codec, "sprocket/" + applicationName, traceContext, clock);
    }

    @Bean
    OutboxRelay outboxRelay(
            DatabaseClient db,
            ConnectionFactory connectionFactory,
            TransactionalOperator tx,
            KafkaTemplate<String, String> kafka,
            OutboxProperties properties,
            MeterRegistry meters) {
        return new OutboxRelay(db, connectionFactory, tx, kafka, properties, meters);
    }

    @Bean
    Inbox inbox(DatabaseClient db, TransactionalOperator tx, MeterRegistry meters) {
        return new Inbox(db, tx, meters);
    }
}
