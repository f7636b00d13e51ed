package com.sprocket.platform.kafka;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * This service's Kafka admin client (one, created on first use off the event loop) and the question
 * "does a broker reply right now?", answered without blocking the caller.
 */
public final class BrokerProbe implements Supplier<Mono<Boolean>>, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaAdmin admin;
    private volatile AdminClient client;

    public BrokerProbe(KafkaAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Mono<Boolean> get() {
        return admin().flatMap(kafka -> Mono.fromFuture(
                        kafka.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                                .clusterId()
                                .toCompletionStage()
                                .toCompletableFuture()))
                .map(clusterId -> true)
                .timeout(TIMEOUT.plusSeconds(1))
                .onErrorReturn(false);
    }

    /** The admin client; creating it starts threads, so that happens on boundedElastic. */
    public Mono<AdminClient> admin() {
        AdminClient current = client;
        return current != null
                ? Mono.just(current)
                : Mono.fromCallable(this::client).subscribeOn(Schedulers.boundedElastic());
    }

    private AdminClient client() {
        AdminClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = AdminClient.create(admin.getConfigurationProperties());
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        AdminClient current = client;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
