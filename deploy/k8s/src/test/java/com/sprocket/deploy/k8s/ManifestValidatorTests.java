package com.sprocket.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator refuses what a cluster or an operator would refuse, and says where. */
class ManifestValidatorTests {

    private final ManifestValidator validator = new ManifestValidator();

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: cart-service, labels: {app.kubernetes.io/name: cart-service}}
            spec:
              replicas: 2
              selector: {matchLabels: {app.kubernetes.io/name: cart-service}}
              template:
                metadata: {labels: {app.kubernetes.io/name: cart-service}}
                spec:
                  containers:
                    - name: cart-service
                      image: registry.example.com/sprocket/cart-service:0.1.0
                      imagePullPolicy: IfNotPresent
                      resources: {limits: {cpu: "2", memory: 768Mi}}
            """;

    @Test
    void a_well_formed_deployment_passes() {
        assertThat(problems(DEPLOYMENT)).isEmpty();
    }

    @Test
    void a_misspelt_field_is_named_with_its_path() {
        assertThat(problems(DEPLOYMENT.replace("imagePullPolicy", "imagePullPolcy")))
                .containsExactly(
                        "Deployment/cart-service spec.template.spec.containers[0].imagePullPolcy: is not a field of Container");
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_even_where_it_could_be_coerced() {
        assertThat(problems(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
                .singleElement()
                .asString()
                .startsWith("Deployment/cart-service spec.replicas: ");
        assertThat(problems(DEPLOYMENT.replace("replicas: 2", "replicas: two"))).hasSize(1);
    }

    @Test
    void a_missing_required_field_and_a_bad_name_are_refused() {
        assertThat(problems(DEPLOYMENT
                        .replace("image: registry.example.com/sprocket/cart-service:0.1.0", "")
                        .replace("name: cart-service, labels", "name: Cart_Service, labels")))
                .containsExactlyInAnyOrder(
                        "Deployment/Cart_Service spec.template.spec.containers[0].image: is required",
                        "Deployment/Cart_Service metadata.name: \"Cart_Service\" is not a valid Deployment name"
                                + " (lower case, digits, '-')");
    }

    @Test
    void strimzi_objects_are_checked_against_strimzis_model() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: order.orders, labels: {strimzi.io/cluster: sprocket-kafka}}
                spec: {partitions: 6, replicas: 3, config: {min.insync.replicas: 2}}
                """;
        assertThat(problems(topic)).isEmpty();
        assertThat(problems(topic.replace("partitions: 6", "partitions: six")))
                .singleElement()
                .asString()
                .startsWith("KafkaTopic/order.orders spec.partitions: ");
        assertThat(problems(topic.replace("replicas: 3", "replica: 3")))
                .containsExactly("KafkaTopic/order.orders spec.replica: is not a field of KafkaTopicSpec");

        String user = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: cart-service, labels: {strimzi.io/cluster: sprocket-kafka}}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: topic, name: cart.carts, patternType: literal}
                        operations: [Write, Describe]
                """;
        assertThat(problems(user)).isEmpty();
        assertThat(problems(user.replace("[Write, Describe]", "[Write, Obliterate]")))
                .singleElement()
                .asString()
                .startsWith("KafkaUser/cart-service spec.authorization.acls[0].operations[1]: ");
    }

    @Test
    void cloudnativepg_objects_are_checked_against_the_transcribed_model() {
        String backup = """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: nightly}
                spec:
                  schedule: "0 0 2 * * *"
                  method: plugin
                  pluginConfiguration: {name: barman-cloud.cloudnative-pg.io}
                  cluster: {name: sprocket-postgres}
                """;
        assertThat(problems(backup)).isEmpty();
        assertThat(problems(backup.replace("\"0 0 2 * * *\"", "\"0 2 * * *\"")))
                .containsExactly("ScheduledBackup/nightly spec: schedule \"0 2 * * *\" needs six fields"
                        + " (seconds minutes hours day month weekday)");
        assertThat(problems(backup.replace("method: plugin", "method: snapshot")))
                .singleElement()
                .asString()
                .startsWith("ScheduledBackup/nightly spec.method: ");
        assertThat(problems(backup.replace("cluster: {name", "clusters: {name")))
                .containsExactly("ScheduledBackup/nightly spec.cluster: is required");
        assertThat(problems(backup.replace("method: plugin", "method: plugin\n  immediately: true")))
                .containsExactly("ScheduledBackup/nightly spec.immediately: is not a field of ScheduledBackupSpec");
    }

    @Test
    void a_kind_without_a_model_is_a_problem_not_a_pass() {
        assertThat(problems("""
                        apiVersion: example.com/v1
                        kind: Widget
                        metadata: {name: w}
                        """))
                .containsExactly("Widget/w no schema for example.com/v1 Widget (unknown kind or version)");
        assertThat(problems(DEPLOYMENT.replace("apps/v1", "apps/v1beta1"))).hasSize(1);
    }

    private List<String> problems(String yaml) {
        return validator.validate(ManifestValidator.parse(yaml)).stream()
                .map(ManifestValidator.Problem::toString)
                .toList();
    }
}
