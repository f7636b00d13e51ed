package com.sprocket.platform;

import com.sprocket.platform.events.EventCodec;
import com.sprocket.platform.inbox.Inbox;
import com.sprocket.platform.kafka.BrokerProbe;
import com.sprocket.platform.outbox.Outbox;
import com.sprocket.platform.outbox.OutboxMonitor;
import com.sprocket.platform.outbox.OutboxProperties;
import com.sprocket.platform.outbox.OutboxRelay;
import com.sprocket.platform.outbox.TraceContext;
import com.sprocket.platform.retention.PurgeRule;
import com.sprocket.platform.retention.Retention;
import com.sprocket.platform.retention.RetentionProperties;
import com.sprocket.platform.sql.QueryCancellation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.ObjectMapper;

/**
 * The event envelope, the transactional outbox, its relay and monitor, the consumer inbox, retention,
 * and query cancellation for the service's connection pool.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"
        })
@EnableConfigurationProperties({OutboxProperties.class, RetentionProperties.class})
@ConditionalOnClass(name = {"io.r2dbc.spi.ConnectionFactory", "org.springframework.kafka.core.KafkaTemplate"})
@ConditionalOnBean(type = {"io.r2dbc.spi.ConnectionFactory", "org.springframework.kafka.core.KafkaTemplate"})
public class PlatformAutoConfiguration {

    /** Every statement of the service's pool is cancelled on the server when its caller gives up. */
    @Bean
    static BeanPostProcessor queryCancellation() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof ConnectionFactory factory && !(bean instanceof QueryCancellation)
                        ? new QueryCancellation(factory)
                        : bean;
            }
        };
    }

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
    BrokerProbe brokerProbe(KafkaAdmin admin) {
        return new BrokerProbe(admin);
    }

    @Bean
    OutboxRelay outboxRelay(
            DatabaseClient db,
            ConnectionFactory connectionFactory,
            KafkaTemplate<String, String> kafka,
            OutboxProperties properties,
            BrokerProbe broker,
            MeterRegistry meters) {
        return new OutboxRelay(db, connectionFactory, kafka, properties, broker, meters);
    }

    /** The outbox's gauges and its health ({@code outbox}: relay liveness, parked rows). */
    @Bean
    OutboxMonitor outboxHealthIndicator(
            DatabaseClient db, OutboxRelay relay, OutboxProperties properties, MeterRegistry meters) {
        return new OutboxMonitor(db, relay, properties, meters);
    }

    @Bean
    PurgeRule publishedOutboxRows(OutboxProperties properties) {
        return new PurgeRule("outbox", "outbox", "published_at", properties.retention());
    }

    @Bean
    PurgeRule processedInboxRows(RetentionProperties properties) {
        return new PurgeRule("inbox", "inbox", "processed_at", properties.inbox());
    }

    @Bean
    Retention retention(
            DatabaseClient db, List<PurgeRule> rules, RetentionProperties properties, MeterRegistry meters) {
        return new Retention(db, rules, properties, meters);
    }

    @Bean
    Inbox inbox(DatabaseClient db, TransactionalOperator tx, MeterRegistry meters) {
        return new Inbox(db, tx, meters);
    }
}
