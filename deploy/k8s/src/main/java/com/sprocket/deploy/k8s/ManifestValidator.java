package com.sprocket.deploy.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks rendered Kubernetes objects offline, each against a typed model of its kind: Kubernetes'
 * own and the Prometheus Operator's (fabric8's models), Strimzi's ({@code io.strimzi:api}) and
 * CloudNativePG's ({@link CloudNativePg}, transcribed). Parsing is strict: a field the model does not
 * have, a value of the wrong type (no "3" for 3), an unknown enumeration value, a missing required
 * field, or a kind without a model is a {@link Problem} naming the object and the field's path. Names
 * and labels are checked against Kubernetes' syntax rules.
 */
public final class ManifestValidator {

    /** One thing wrong with one object: {@code Deployment/cart-service spec.replicas: ...}. */
    public record Problem(String object, String path, String message) {
        @Override
        public String toString() {
            return object + " " + (path.isEmpty() ? "" : path + ": ") + message;
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    /**
     * Fields Kubernetes' and the Prometheus Operator's schemas require but fabric8's models do not mark
     * (paths with {@code *} for every element of a list).
     */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "Deployment",
            List.of(
                    "spec.selector",
                    "spec.template.spec.containers",
                    "spec.template.spec.containers.*.name",
                    "spec.template.spec.containers.*.image"),
            "Service",
            List.of("spec.ports.*.port"),
            "NetworkPolicy",
            List.of("spec.podSelector"),
            "HorizontalPodAutoscaler",
            List.of("spec.scaleTargetRef.kind", "spec.scaleTargetRef.name", "spec.maxReplicas"),
            "PodDisruptionBudget",
            List.of("spec.selector"),
            "Ingress",
            List.of("spec.rules.*.http.paths.*.pathType", "spec.rules.*.http.paths.*.backend"),
            "ServiceMonitor",
            List.of("spec.selector"),
            "PodMonitor",
            List.of("spec.selector"),
            "PrometheusRule",
            List.of("spec.groups.*.name", "spec.groups.*.rules.*.expr"));

    /** Kinds whose names are DNS labels (a Service's name becomes a DNS name of its own). */
    private static final List<String> LABEL_NAMED = List.of("Service", "Namespace");

    private final Map<String, Class<?>> models = new HashMap<>();

    public ManifestValidator() {
        registerFabric8Models();
        for (Class<? extends HasMetadata> strimzi :
                List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class, KafkaUser.class)) {
            models.put(key(HasMetadata.getApiVersion(strimzi), HasMetadata.getKind(strimzi)), strimzi);
        }
        models.put(key(CloudNativePg.GROUP_VERSION, "Cluster"), CloudNativePg.Cluster.class);
        models.put(key(CloudNativePg.GROUP_VERSION, "Database"), CloudNativePg.Database.class);
        models.put(key(CloudNativePg.GROUP_VERSION, "ScheduledBackup"), CloudNativePg.ScheduledBackup.class);
        models.put(key(CloudNativePg.BARMAN_GROUP_VERSION, "ObjectStore"), CloudNativePg.ObjectStore.class);
    }

    /** The objects of a YAML stream (empty documents skipped). */
    public static List<JsonNode> parse(String yaml) {
        try {
            List<JsonNode> objects = new ArrayList<>();
            for (JsonNode node :
                    YAML.readValues(YAML.createParser(yaml), JsonNode.class).readAll()) {
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    objects.add(node);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + e.getMessage(), e);
        }
    }

    public List<Problem> validate(List<JsonNode> objects) {
        List<Problem> problems = new ArrayList<>();
        for (JsonNode object : objects) {
            problems.addAll(validate(object));
        }
        return problems;
    }

    public List<Problem> validate(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String id = (kind.isEmpty() ? "?" : kind) + "/"
                + object.path("metadata").path("name").asText("?");
        List<Problem> problems = new ArrayList<>();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            problems.add(new Problem(id, "", "has no apiVersion or kind"));
            return problems;
        }
        Class<?> model = models.get(key(apiVersion, kind));
        if (model == null) {
            problems.add(
                    new Problem(id, "", "no schema for " + apiVersion + " " + kind + " (unknown kind or version)"));
            return problems;
        }
        try {
            walk(STRICT.treeToValue(object, model), "", id, problems);
        } catch (JsonMappingException e) {
            problems.add(new Problem(id, path(e), message(e)));
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new Problem(id, "", e.getMessage()));
        }
        names(object, kind, id, problems);
        for (String required : REQUIRED.getOrDefault(kind, List.of())) {
            requirePath(object, required.split("\\."), 0, "", id, problems);
        }
        return problems;
    }

    private static void names(JsonNode object, String kind, String id, List<Problem> problems) {
        String name = object.path("metadata").path("name").asText("");
        Pattern rule = LABEL_NAMED.contains(kind) ? DNS_LABEL : DNS_SUBDOMAIN;
        int max = LABEL_NAMED.contains(kind) ? 63 : 253;
        if (name.isEmpty()) {
            problems.add(new Problem(id, "metadata.name", "is required"));
        } else if (!rule.matcher(name).matches() || name.length() > max) {
            problems.add(new Problem(
                    id,
                    "metadata.name",
                    "\"" + name + "\" is not a valid " + kind + " name (lower case, digits, '-')"));
        }
        labels(object.path("metadata").path("labels"), "metadata.labels", id, problems);
        labels(
                object.path("spec").path("template").path("metadata").path("labels"),
                "spec.template.metadata.labels",
                id,
                problems);
    }

    private static void labels(JsonNode labels, String path, String id, List<Problem> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            String key = label.getKey();
            String name = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
            String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
            if (!LABEL_NAME.matcher(name).matches()
                    || name.length() > 63
                    || (prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches())) {
                problems.add(new Problem(id, path, "\"" + key + "\" is not a valid label key"));
            }
            String value = label.getValue().isTextual() ? label.getValue().asText() : null;
            if (value == null || !LABEL_VALUE.matcher(value).matches() || value.length() > 63) {
                problems.add(
                        new Problem(id, path + "." + key, "\"" + label.getValue() + "\" is not a valid label value"));
            }
        }
    }

    private static void requirePath(
            JsonNode node, String[] steps, int step, String path, String id, List<Problem> problems) {
        if (step == steps.length) {
            return;
        }
        String field = steps[step];
        if (field.equals("*")) {
            for (int i = 0; i < node.size(); i++) {
                requirePath(node.get(i), steps, step + 1, path + "[" + i + "]", id, problems);
            }
            return;
        }
        String at = path.isEmpty() ? field : path + "." + field;
        JsonNode next = node.get(field);
        if (next == null || next.isNull()) {
            // only the last step is required; a missing optional parent means nothing to check
            if (step == steps.length - 1 || steps[step + 1].equals("*") && step + 1 == steps.length - 1) {
                problems.add(new Problem(id, at, "is required"));
            } else if (!steps[step + 1].equals("*")) {
                return;
            }
            return;
        }
        requirePath(next, steps, step + 1, at, id, problems);
    }

    /** Finds fields the model kept aside as unknown and required fields left empty, with their paths. */
    private static void walk(Object value, String path, String id, List<Problem> problems) {
        if (value == null || leaf(value.getClass())) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, id, problems));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                if (item == null) {
                    // an empty list item, or a value a model's enumeration turned into nothing
                    problems.add(new Problem(id, path + "[" + i + "]", "is empty or not an allowed value"));
                }
                walk(item, path + "[" + i++ + "]", id, problems);
            }
            return;
        }
        if (value instanceof UnknownFields unknown) {
            unknown.report(path, id, problems);
        }
        BeanDescription bean = STRICT.getSerializationConfig().introspect(STRICT.constructType(value.getClass()));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null || property.getName().equals("additionalProperties")) {
                continue;
            }
            accessor.fixAccess(true); // the transcribed models are package-private records
            Object field = accessor.getValue(value);
            String at = path.isEmpty() ? property.getName() : path + "." + property.getName();
            if (field == null && property.isRequired()) {
                problems.add(new Problem(id, at, "is required"));
            }
            walk(field, at, id, problems);
        }
        Map<String, Object> additional = additionalProperties(value);
        for (String unknown : additional.keySet()) {
            problems.add(new Problem(
                    id,
                    path.isEmpty() ? unknown : path + "." + unknown,
                    "is not a field of " + value.getClass().getSimpleName()));
        }
    }

    /** A type that checks itself for unknown fields (none of ours today; kept for models without a map). */
    interface UnknownFields {
        void report(String path, String id, List<Problem> problems);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(Object value) {
        try {
            var getter = value.getClass().getMethod("getAdditionalProperties");
            Object map = getter.invoke(value);
            return map instanceof Map<?, ?> found ? (Map<String, Object>) found : Map.of();
        } catch (NoSuchMethodException none) {
            return Map.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean leaf(Class<?> type) {
        return type.isPrimitive()
                || type.isEnum()
                || type == String.class
                || Number.class.isAssignableFrom(type)
                || type == Boolean.class
                || type == IntOrString.class
                || type == Quantity.class
                || (type.getPackageName().startsWith("java.")
                        && !Map.class.isAssignableFrom(type)
                        && !Collection.class.isAssignableFrom(type));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String message(JsonMappingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException invalid) {
            return invalid.getMessage();
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Missing required creator property")) {
            return "is required";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return "is not a field of " + unknown.getReferringClass().getSimpleName();
        }
        int detail = message.indexOf(" (for ");
        return detail > 0 ? message.substring(0, detail) : message;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    /** Every kind fabric8's model jars register (core, apps, policy, networking, autoscaling, monitoring). */
    private void registerFabric8Models() {
        try {
            ClassLoader loader = ManifestValidator.class.getClassLoader();
            Enumeration<URL> lists = loader.getResources("META-INF/services/" + KubernetesResource.class.getName());
            while (lists.hasMoreElements()) {
                try (var reader = new BufferedReader(
                        new InputStreamReader(lists.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        String name = line.strip();
                        if (name.isEmpty() || name.startsWith("#")) {
                            continue;
                        }
                        Class<?> type = Class.forName(name, false, loader);
                        if (HasMetadata.class.isAssignableFrom(type)
                                && type.isAnnotationPresent(io.fabric8.kubernetes.model.annotation.Version.class)) {
                            @SuppressWarnings("unchecked")
                            Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
                            models.putIfAbsent(
                                    key(HasMetadata.getApiVersion(resource), HasMetadata.getKind(resource)), resource);
                        }
                    }
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("reading fabric8's model registry", e);
        }
    }
}
