package com.sprocket.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dead-letter tool in a cluster: it reads the Kafka settings a service's Deployment gives it. */
class DeadLetterCommandTests {

    @Test
    void the_client_settings_come_from_the_variables_a_service_reads_in_kubernetes() {
        Map<String, Object> client = DeadLetters.clientFromEnvironment(Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "sprocket-kafka-kafka-bootstrap:9093",
                "SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM",
                "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/sprocket/kafka-ca/ca.crt",
                "HOME", "/tmp"));

        assertThat(client)
                .containsEntry("bootstrap.servers", "sprocket-kafka-kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/sprocket/kafka-ca/ca.crt")
                .hasSize(6);
        assertThat(DeadLetters.clientFromEnvironment(Map.of()))
                .containsOnly(Map.entry("bootstrap.servers", "127.0.0.1:9092"));
    }

    @Test
    void a_replay_without_a_group_is_refused_before_anything_is_read() {
        var out = new PrintStream(new ByteArrayOutputStream());
        DeadLetters unreachable = new DeadLetters("127.0.0.1:1");

        assertThatThrownBy(() -> DeadLetterCommand.run(unreachable, new String[] {"replay", "catalog.parts"}, out))
                .hasMessageContaining("--group");
        assertThatThrownBy(() -> DeadLetterCommand.run(unreachable, new String[] {"purge", "catalog.parts"}, out))
                .hasMessageContaining("unknown dead-letter command purge");
    }
}
