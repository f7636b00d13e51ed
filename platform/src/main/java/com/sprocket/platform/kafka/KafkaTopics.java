package com.sprocket.platform.kafka;

import com.sprocket.platform.events.Topics;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ListenerContainerRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The topics this service depends on: those it publishes ({@code sprocket.kafka.topics}) with their
 * {@code .dlq}, the topics its listeners consume and their {@code .dlq} (a failing consumer writes
 * there). Brokers run with automatic topic creation off, so a topic nobody declared is a stall:
 * start-up creates what is declared (when {@code create-topics} is on) with the configured
 * partitions, replication factor and {@code min.insync.replicas}, and readiness stays DOWN, naming
 * them, while any required topic is missing.
 */
public final class KafkaTopics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);
    private static final java.time.Duration START_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final KafkaAdmin admin;
    private final KafkaProperties properties;
    private final ObjectProvider<ListenerContainerRegistry> registry;
    private volatile boolean running;

    KafkaTopics(KafkaAdmin admin, KafkaProperties properties, ObjectProvider<ListenerContainerRegistry> registry) {
        this.admin = admin;
        this.properties = properties;
        this.registry = registry;
    }

    /** Topics this service creates when they are missing (and may, when create-topics is on). */
    public Set<String> declared() {
        Set<String> declared = new TreeSet<>();
        for (String topic : properties.topics()) {
            declared.add(topic);
            declared.add(Topics.deadLetterOf(topic));
        }
        for (String topic : consumed()) {
            declared.add(Topics.deadLetterOf(topic));
            if (properties.createConsumedTopics()) {
                declared.add(topic);
            }
        }
        return declared;
    }

    /** Every topic that must exist for this service to work. */
    public Set<String> required() {
        Set<String> required = new TreeSet<>(declared());
        required.addAll(consumed());
        return required;
    }

    /** The topics of this service's listener containers (known once the containers are registered). */
    public Set<String> consumed() {
        Set<String> consumed = new TreeSet<>();
        ListenerContainerRegistry containers = registry.getIfAvailable();
        if (containers != null) {
            for (MessageListenerContainer container : containers.getAllListenerContainers()) {
                String[] topics = container.getContainerProperties().getTopics();
                if (topics != null) {
                    consumed.addAll(Arrays.asList(topics));
                }
            }
        }
        return consumed;
    }

    NewTopic newTopic(String name) {
        return new NewTopic(name, properties.partitions(), properties.replicas())
                .configs(Map.of("min.insync.replicas", String.valueOf(properties.minInsyncReplicas())));
    }

    List<NewTopic> newTopics(Collection<String> names) {
        return names.stream().map(this::newTopic).toList();
    }

    boolean creates() {
        return properties.createTopics();
    }

    /**
     * Runs once at start-up on the main thread, before the listener containers start (phase), so a
     * short, bounded wait is acceptable here. A broker that is down now is not fatal and does not
     * hold start-up: readiness reports the missing topics and creates them once the broker answers.
     */
    @Override
    public void start() {
        running = true;
        if (!properties.createTopics()) {
            return;
        }
        Set<String> declared = declared();
        Map<String, Object> config = new java.util.HashMap<>(admin.getConfigurationProperties());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) START_TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) START_TIMEOUT.toMillis());
        AdminClient client = AdminClient.create(config);
        try {
            Set<String> existing = client.listTopics().names().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = newTopics(
                    declared.stream().filter(topic -> !existing.contains(topic)).toList());
            if (!missing.isEmpty()) {
                client.createTopics(missing).all().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            log.info("Kafka topics declared: {}", declared);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.error(
                    "could not declare Kafka topics {} (readiness stays DOWN until they exist): {}",
                    declared,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close(java.time.Duration.ZERO); // abandon what is pending instead of waiting for it
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0; // before the listener containers (Integer.MAX_VALUE - 100) and the outbox relay
    }
}
