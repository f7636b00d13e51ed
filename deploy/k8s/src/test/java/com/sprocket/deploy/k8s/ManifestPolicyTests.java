package com.sprocket.deploy.k8s;

import static com.sprocket.deploy.k8s.RenderedManifestsTests.ROOT;
import static com.sprocket.deploy.k8s.RenderedManifestsTests.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rules the rendered manifests keep beyond their schemas: hardened containers with limits and probes,
 * prod's disruption budgets, network policies and replicas, a KafkaTopic for every topic the code
 * declares, and ConfigMaps that set what each service needs in a cluster and nothing it does not read.
 */
class ManifestPolicyTests {

    private static final List<String> SERVICES = List.of(
            "identity-service",
            "catalog-service",
            "cart-service",
            "order-service",
            "payment-service",
            "notification-service",
            "gateway");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path REPOSITORY = ROOT.resolve("../..").normalize();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_container_runs_unprivileged_read_only_with_requests_limits_and_probes(String overlay) {
        List<String> violations = new ArrayList<>();
        for (JsonNode deployment : kind(overlay, "Deployment")) {
            String name = name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()
                    || pod.path("securityContext").path("runAsUser").asInt(0) == 0) {
                violations.add(name + ": pod may run as root");
            }
            if (!"RuntimeDefault"
                    .equals(pod.path("securityContext")
                            .path("seccompProfile")
                            .path("type")
                            .asText())) {
                violations.add(name + ": no RuntimeDefault seccomp profile");
            }
            if (pod.path("automountServiceAccountToken").asBoolean(true)
                    && !serviceAccountWithoutToken(
                            overlay, pod.path("serviceAccountName").asText(""))) {
                violations.add(name + ": mounts a Kubernetes API token it does not need");
            }
            for (JsonNode container : pod.path("containers")) {
                String at = name + "/" + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                if (!security.path("readOnlyRootFilesystem").asBoolean()) {
                    violations.add(at + ": root filesystem is writable");
                }
                if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(at + ": may escalate privileges");
                }
                if (!texts(security.path("capabilities").path("drop")).contains("ALL")) {
                    violations.add(at + ": keeps Linux capabilities");
                }
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (container
                                .path("resources")
                                .path(bound)
                                .path(resource)
                                .isMissingNode()) {
                            violations.add(at + ": no " + resource + " " + bound);
                        }
                    }
                }
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (container.path(probe).isMissingNode()) {
                        violations.add(at + ": no " + probe);
                    }
                }
                String image = container.path("image").asText();
                if (!image.matches(".+:[A-Za-z0-9_.-]+") || image.endsWith(":latest")) {
                    violations.add(at + ": image " + image + " has no fixed tag");
                }
            }
        }
        assertThat(violations).as(overlay).isEmpty();
        assertThat(kind(overlay, "Deployment")).as(overlay).hasSizeGreaterThanOrEqualTo(SERVICES.size());
    }

    @Test
    void in_prod_every_deployment_has_two_replicas_a_disruption_budget_and_network_policies() {
        List<String> violations = new ArrayList<>();
        List<JsonNode> budgets = kind("prod", "PodDisruptionBudget");
        List<JsonNode> policies = kind("prod", "NetworkPolicy");
        List<JsonNode> autoscalers = kind("prod", "HorizontalPodAutoscaler");
        for (JsonNode deployment : kind("prod", "Deployment")) {
            String name = name(deployment);
            JsonNode labels =
                    deployment.path("spec").path("template").path("metadata").path("labels");
            if (budgets.stream().noneMatch(budget -> selects(budget.path("spec").path("selector"), labels))) {
                violations.add(name + ": no PodDisruptionBudget selects its pods");
            }
            List<JsonNode> selecting = policies.stream()
                    .filter(policy -> selects(policy.path("spec").path("podSelector"), labels))
                    .toList();
            if (selecting.stream().noneMatch(policy -> name(policy).equals("default-deny"))) {
                violations.add(name + ": not under the default-deny NetworkPolicy");
            }
            if (selecting.stream().noneMatch(policy -> name(policy).equals(name))) {
                violations.add(name + ": no NetworkPolicy of its own");
            }
            if (SERVICES.contains(name)) {
                int minimum = autoscalers.stream()
                        .filter(hpa -> hpa.path("spec")
                                .path("scaleTargetRef")
                                .path("name")
                                .asText()
                                .equals(name))
                        .mapToInt(hpa -> hpa.path("spec").path("minReplicas").asInt(1))
                        .findFirst()
                        .orElse(deployment.path("spec").path("replicas").asInt(1));
                if (minimum < 2) {
                    violations.add(name + ": fewer than 2 replicas");
                }
                if (deployment
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("topologySpreadConstraints")
                        .isEmpty()) {
                    violations.add(name + ": replicas are not spread over nodes");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_topic_the_services_declare_has_a_kafka_topic_and_no_other_topic_is_declared(String overlay)
            throws IOException {
        Set<String> declared = new TreeSet<>();
        for (String service : SERVICES) {
            JsonNode config = serviceConfig(service);
            for (JsonNode topic : config.path("sprocket").path("kafka").path("topics")) {
                declared.add(topic.asText());
            }
            for (JsonNode topic : config.path("sprocket").path("notification").path("topics")) {
                declared.add(topic.asText());
            }
        }
        Set<String> expected = new TreeSet<>(declared);
        declared.forEach(topic -> expected.add(topic + ".dlq"));

        Set<String> topics = kind(overlay, "KafkaTopic").stream()
                .map(topic -> topic.path("spec").path("topicName").asText(name(topic)))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(declared).contains("identity.users", "catalog.parts", "order.orders", "payment.payments");
        assertThat(topics).isEqualTo(expected);
        if (overlay.equals("prod")) {
            for (JsonNode topic : kind(overlay, "KafkaTopic")) {
                assertThat(topic.path("spec").path("replicas").asInt())
                        .as(name(topic))
                        .isEqualTo(3);
                assertThat(topic.path("spec")
                                .path("config")
                                .path("min.insync.replicas")
                                .asInt())
                        .as(name(topic))
                        .isEqualTo(2);
            }
        }
    }

    @Test
    void in_prod_an_acknowledged_event_survives_a_broker_and_producers_wait_for_it() throws IOException {
        Map<String, String> defaults = platformDefaults();
        assertThat(defaults)
                .containsEntry("spring.kafka.producer.acks", "all")
                .containsEntry("spring.kafka.producer.properties.enable.idempotence", "true")
                .containsEntry("spring.kafka.consumer.properties.isolation.level", "read_committed")
                .containsEntry("spring.kafka.consumer.enable-auto-commit", "false");
        JsonNode kafka =
                kind("prod", "Kafka").getFirst().path("spec").path("kafka").path("config");
        assertThat(kafka.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.path("auto.create.topics.enable").asBoolean(true)).isFalse();
        int brokers = kind("prod", "KafkaNodePool").stream()
                .filter(pool -> texts(pool.path("spec").path("roles")).contains("broker"))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt())
                .sum();
        assertThat(brokers).isGreaterThanOrEqualTo(3);
        for (String service : SERVICES.subList(0, 6)) {
            assertThat(env("prod", service)).as(service).doesNotContainKeys("SPRING_KAFKA_PRODUCER_ACKS");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_service_has_a_kafka_user_a_database_role_and_reads_credentials_from_secrets(String overlay) {
        Set<String> users = kind(overlay, "KafkaUser").stream()
                .map(ManifestPolicyTests::name)
                .collect(Collectors.toSet());
        JsonNode cluster = kind(overlay, "Cluster").getFirst();
        Set<String> roleSecrets = StreamSupport.stream(
                        cluster.path("spec").path("managed").path("roles").spliterator(), false)
                .map(role -> role.path("passwordSecret").path("name").asText())
                .collect(Collectors.toSet());
        assertThat(kind(overlay, "Secret"))
                .as("secrets are never rendered from this repository")
                .isEmpty();
        for (String service : SERVICES.subList(0, 6)) {
            assertThat(users).as(overlay).contains(service);
            assertThat(roleSecrets).as(overlay).contains(service + "-db");
            Map<String, JsonNode> env = env(overlay, service);
            for (String credential : List.of(
                    "SPRING_R2DBC_USERNAME",
                    "SPRING_R2DBC_PASSWORD",
                    "SPRING_LIQUIBASE_USER",
                    "SPRING_LIQUIBASE_PASSWORD")) {
                assertThat(env.get(credential)
                                .path("valueFrom")
                                .path("secretKeyRef")
                                .path("name")
                                .asText())
                        .as(service + " " + credential)
                        .isEqualTo(service + "-db");
            }
            assertThat(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")
                            .path("valueFrom")
                            .path("secretKeyRef")
                            .path("name")
                            .asText())
                    .as(service + ": the KafkaUser's secret")
                    .isEqualTo(service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_setting_that_points_at_a_developer_machine_is_set_for_the_cluster(String overlay) throws IOException {
        List<String> unset = new ArrayList<>();
        for (String service : SERVICES) {
            Set<String> set = env(overlay, service).keySet().stream()
                    .map(ManifestPolicyTests::canonical)
                    .collect(Collectors.toSet());
            Map<String, String> defaults = new LinkedHashMap<>(platformDefaults());
            defaults.putAll(flatten(serviceConfig(service)));
            // what a service switches off (the gateway: Kafka, R2DBC, Liquibase) needs no address
            String excluded = serviceConfig(service)
                    .path("spring")
                    .path("autoconfigure")
                    .path("exclude")
                    .toString();
            for (var off : Map.of(
                            "KafkaAutoConfiguration", "spring.kafka.",
                            "R2dbcAutoConfiguration", "spring.r2dbc.",
                            "LiquibaseAutoConfiguration", "spring.liquibase.")
                    .entrySet()) {
                if (excluded.contains("." + off.getKey())) {
                    defaults.keySet().removeIf(key -> key.startsWith(off.getValue()));
                }
            }
            for (var setting : defaults.entrySet()) {
                String value = setting.getValue();
                if (!value.contains("127.0.0.1") && !value.contains("localhost")) {
                    continue;
                }
                Matcher placeholder =
                        Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):").matcher(value);
                boolean overridden = set.contains(canonical(setting.getKey()))
                        || (placeholder.find() && set.contains(canonical(placeholder.group(1))));
                if (!overridden) {
                    unset.add(overlay + " " + service + ": " + setting.getKey() + " stays " + value);
                }
            }
        }
        assertThat(unset).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_config_map_key_names_a_setting_the_service_reads(String overlay) throws IOException {
        Set<String> known = new HashSet<>();
        Set<String> knownMaps = new HashSet<>();
        bootMetadata(known, knownMaps);
        platformProperties(known);
        platformDefaults().keySet().forEach(key -> known.add(canonical(key)));
        List<String> unknown = new ArrayList<>();
        for (String service : SERVICES) {
            Set<String> reads = new HashSet<>(known);
            JsonNode config = serviceConfig(service);
            flatten(config).keySet().forEach(key -> reads.add(canonical(key)));
            Matcher placeholders = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)[:}]")
                    .matcher(Files.readString(serviceConfigFile(service)) + profileConfig(service));
            while (placeholders.find()) {
                reads.add(canonical(placeholders.group(1)));
            }
            for (String key : configMapKeys(overlay, service)) {
                String canonical = canonical(key);
                if (!reads.contains(canonical) && knownMaps.stream().noneMatch(canonical::startsWith)) {
                    unknown.add(overlay + " " + service + ": " + key);
                }
            }
        }
        assertThat(unknown)
                .as("ConfigMap keys no service setting reads (a typo?)")
                .isEmpty();
    }

    // --- helpers

    static List<JsonNode> kind(String overlay, String kind) {
        return rendered(overlay).stream()
                .filter(object -> object.path("kind").asText().equals(kind))
                .toList();
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static boolean serviceAccountWithoutToken(String overlay, String account) {
        return kind(overlay, "ServiceAccount").stream()
                .anyMatch(sa -> name(sa).equals(account)
                        && !sa.path("automountServiceAccountToken").asBoolean(true));
    }

    /** A label selector (matchLabels and In/Exists expressions) against a pod's labels. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        selector.path("matchLabels").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            boolean matches = switch (expression.path("operator").asText()) {
                case "In" -> value != null && texts(expression.path("values")).contains(value);
                case "NotIn" ->
                    value == null || !texts(expression.path("values")).contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** The service's environment in the cluster: its env entries and every key of the ConfigMaps it loads. */
    static Map<String, JsonNode> env(String overlay, String service) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (String key : configMapKeys(overlay, service)) {
            env.put(key, YAML.createObjectNode().put("configMap", true));
        }
        container(overlay, service)
                .path("env")
                .forEach(entry -> env.put(entry.path("name").asText(), entry));
        return env;
    }

    private static Set<String> configMapKeys(String overlay, String service) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode source : container(overlay, service).path("envFrom")) {
            String map = source.path("configMapRef").path("name").asText();
            JsonNode configMap = kind(overlay, "ConfigMap").stream()
                    .filter(candidate -> name(candidate).equals(map))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError(service + " loads ConfigMap " + map + ", which is not rendered"));
            configMap.path("data").fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    private static JsonNode container(String overlay, String service) {
        return kind(overlay, "Deployment").stream()
                .filter(deployment -> name(deployment).equals(service))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no Deployment " + service))
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    private static Path serviceConfigFile(String service) {
        return REPOSITORY.resolve(service).resolve("src/main/resources").resolve(service + ".yaml");
    }

    /** The service's own configuration, with the gateway's Redis profile (the cluster activates it). */
    private static JsonNode serviceConfig(String service) throws IOException {
        JsonNode config = YAML.readTree(serviceConfigFile(service).toFile());
        String profile = profileConfig(service);
        return profile.isEmpty() ? config : YAML.readerForUpdating(config).readValue(profile);
    }

    private static String profileConfig(String service) throws IOException {
        Path redis = REPOSITORY.resolve(service).resolve("src/main/resources").resolve(service + "-redis.yaml");
        return Files.exists(redis) ? Files.readString(redis) : "";
    }

    private static Map<String, String> platformDefaults() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(
                REPOSITORY.resolve("platform/src/main/resources/sprocket-platform-defaults.properties"))) {
            defaults.load(in);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        defaults.forEach((key, value) -> flat.put(key.toString(), value.toString()));
        return flat;
    }

    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(node, "", flat);
        return flat;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, String> flat) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(field -> flatten(
                            field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), flat));
        } else if (node.isArray()) {
            // a list is one setting (SPROCKET_GATEWAY_CORS_ALLOWED_ORIGINS=a,b sets all of it)
            flat.put(prefix, texts(node).toString());
        } else {
            flat.put(prefix, node.asText());
        }
    }

    /** Spring's relaxed binding: SPRING_KAFKA_BOOTSTRAP_SERVERS and spring.kafka.bootstrap-servers are one name. */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Every property Spring Boot's modules on this class path document (maps: their prefix). */
    private static void bootMetadata(Set<String> known, Set<String> knownMaps) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Enumeration<URL> files =
                ManifestPolicyTests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = canonical(property.path("name").asText());
                    known.add(name);
                    if (property.path("type").asText().startsWith("java.util.Map")) {
                        knownMaps.add(name);
                    }
                }
            }
        }
    }

    /** The platform's own settings (its @ConfigurationProperties records). */
    private static void platformProperties(Set<String> known) {
        for (Class<?> type : List.of(
                com.sprocket.platform.kafka.KafkaProperties.class,
                com.sprocket.platform.outbox.OutboxProperties.class,
                com.sprocket.platform.retention.RetentionProperties.class,
                com.sprocket.platform.security.JwtProperties.class)) {
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            for (var component : type.getRecordComponents()) {
                known.add(canonical(prefix + "." + component.getName()));
            }
        }
    }
}
