package com.sprocket.platform.kafka;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/**
 * Readiness includes Kafka: a service that cannot reach its broker, or whose topics are missing,
 * cannot relay or consume. A missing declared topic is created here once the broker answers (when
 * {@code create-topics} is on), so a broker that was down at start-up heals without a restart.
 */
final class KafkaHealthIndicator extends AbstractReactiveHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final BrokerProbe broker;
    private final KafkaTopics topics;

    KafkaHealthIndicator(BrokerProbe broker, KafkaTopics topics) {
        super("Kafka health check failed");
        this.broker = broker;
        this.topics = topics;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return broker.admin()
                .flatMap(kafka -> mono(kafka.describeCluster(
                                        new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                                .clusterId())
                        .zipWith(mono(kafka.listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                                .names()))
                        .flatMap(found -> report(builder, kafka, found.getT1(), found.getT2())))
                .timeout(TIMEOUT.plusSeconds(1));
    }

    private Mono<Health> report(Health.Builder builder, AdminClient admin, String clusterId, Set<String> existing) {
        Set<String> missing = new TreeSet<>(topics.required());
        missing.removeAll(existing);
        builder.withDetail("clusterId", clusterId);
        if (missing.isEmpty()) {
            return Mono.just(builder.up().build());
        }
        Health down = builder.down().withDetail("missingTopics", missing).build();
        Set<String> creatable = new TreeSet<>(topics.declared());
        creatable.retainAll(missing);
        if (!topics.creates() || creatable.isEmpty()) {
            return Mono.just(down);
        }
        return mono(admin.createTopics(topics.newTopics(creatable), new CreateTopicsOptions().timeoutMs((int)
                                        TIMEOUT.toMillis()))
                        .all())
                .then(Mono.just(down))
                .onErrorReturn(down);
    }

    private static <T> Mono<T> mono(KafkaFuture<T> future) {
        CompletableFuture<T> completable = future.toCompletionStage().toCompletableFuture();
        return Mono.fromFuture(completable);
    }
}
