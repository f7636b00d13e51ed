package com.sprocket.notification;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** Waits until a listener has its partitions, so an event published next is not missed (the hub starts at "latest"). */
public final class Listeners {

    private Listeners() {}

    public static void awaitAssigned(KafkaListenerEndpointRegistry registry, String id) {
        var container = registry.getListenerContainer(id);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var assigned = container.getAssignedPartitions();
            return assigned != null && !assigned.isEmpty();
        });
    }
}
