package com.sprocket.platform.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed requests for the operations of an OpenAPI document: each case starts from a request that
 * fits the document and breaks one thing. Used by {@link BadInputSuite}.
 */
final class BadRequests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** Raw (already encoded, or deliberately mis-encoded) values for a path or query parameter. */
    private static final List<String> GARBAGE_VALUES = List.of(
            "not-a-uuid",
            "%zz",
            "%C3%28",
            "%00",
            "-1",
            "99999999999999999999999",
            "1e309",
            "NaN",
            "%F0%9F%92%A9%E2%80%AE%E2%80%8B",
            "..%2F..%2Fetc%2Fpasswd",
            "%27%3B%20DROP%20TABLE%20x%3B--",
            "x".repeat(3000));

    private static final List<String> STRANGE_NAMES =
            List.of("%00", "a%5Bb%5D", "..", "%zz", "%3B", "%3Cscript%3E", "a%20b", "%C3%28", "x".repeat(500));

    record Operation(
            String method,
            String path,
            List<JsonNode> parameters,
            JsonNode requestBody,
            Set<String> statuses,
            Set<String> methodsOnPath) {

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    /**
     * @param otherMethod the request uses a method the path does not document (405, or 401/403/404 when
     *     access is decided first)
     */
    record Case(
            String description,
            String method,
            String target,
            Map<String, String> headers,
            byte[] body,
            boolean otherMethod) {}

    private final JsonNode document;

    BadRequests(JsonNode document) {
        this.document = document;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = document.get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            Set<String> methods = new LinkedHashSet<>();
            METHODS.forEach(method -> {
                if (path.getValue().has(method)) {
                    methods.add(method.toUpperCase(Locale.ROOT));
                }
            });
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                addAll(parameters, path.getValue().get("parameters"));
                addAll(parameters, operation.get("parameters"));
                Set<String> statuses = new LinkedHashSet<>();
                operation.get("responses").propertyNames().forEach(statuses::add);
                operations.add(new Operation(
                        method, path.getKey(), parameters, operation.get("requestBody"), statuses, methods));
            }
        }
        return operations;
    }

    List<Case> cases(Operation operation, BadInputSuite.Caller caller, Random random) {
        List<Case> cases = new ArrayList<>();
        Map<String, String> pathValues = new LinkedHashMap<>();
        Map<String, String> queryValues = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        if (caller.authorization() != null) {
            headers.put("Authorization", caller.authorization());
        }
        for (JsonNode parameter : operation.parameters()) {
            String in = parameter.path("in").asString();
            String name = parameter.path("name").asString();
            String sample = encode(sampleText(resolve(parameter.get("schema")), random));
            switch (in) {
                case "path" -> pathValues.put(name, sample);
                case "query" -> {
                    if (parameter.path("required").asBoolean(false)) {
                        queryValues.put(name, sample);
                    }
                }
                case "header" -> {
                    if (parameter.path("required").asBoolean(false)) {
                        headers.put(name, sample);
                    }
                }
                default -> {}
            }
        }
        Body body = body(operation, random);
        String method = operation.method().toUpperCase(Locale.ROOT);

        // path parameters
        for (String name : pathValues.keySet()) {
            for (String garbage : GARBAGE_VALUES) {
                Map<String, String> values = new LinkedHashMap<>(pathValues);
                values.put(name, garbage);
                cases.add(request(
                        "path " + name + " = " + shorten(garbage),
                        method,
                        target(operation, values, queryValues),
                        headers,
                        body));
            }
        }
        // query parameters: garbage values, duplicates, strange and unknown names, too many
        for (JsonNode parameter : operation.parameters()) {
            if (!"query".equals(parameter.path("in").asString())) {
                continue;
            }
            String name = parameter.path("name").asString();
            for (String garbage : GARBAGE_VALUES) {
                Map<String, String> values = new LinkedHashMap<>(queryValues);
                values.put(name, garbage);
                cases.add(request(
                        "query " + name + " = " + shorten(garbage),
                        method,
                        target(operation, pathValues, values),
                        headers,
                        body));
            }
            String duplicated = target(operation, pathValues, queryValues) + (queryValues.isEmpty() ? "?" : "&") + name
                    + "=1&" + name + "=" + GARBAGE_VALUES.get(random.nextInt(GARBAGE_VALUES.size()));
            cases.add(request("query " + name + " twice", method, duplicated, headers, body));
        }
        String base = target(operation, pathValues, queryValues);
        String separator = queryValues.isEmpty() ? "?" : "&";
        for (String strange : STRANGE_NAMES) {
            cases.add(request(
                    "query name " + shorten(strange), method, base + separator + strange + "=1", headers, body));
        }
        StringBuilder many = new StringBuilder(base + separator);
        for (int i = 0; i < 300; i++) {
            many.append("p").append(i).append("=").append(i).append("&");
        }
        cases.add(request("300 unknown query parameters", method, many.toString(), headers, body));
        // headers
        cases.add(request("Accept: image/png", method, base, with(headers, "Accept", "image/png"), body));
        cases.add(request("Accept: garbage", method, base, with(headers, "Accept", "x/y/z;;q=abc"), body));
        cases.add(request("If-Match: garbage", method, base, with(headers, "If-Match", "\"abc\", W/"), body));
        cases.add(request("huge X-Cart-Token", method, base, with(headers, "X-Cart-Token", "t".repeat(4000)), body));
        cases.add(request(
                "Authorization: garbage", method, base, with(headers, "Authorization", "Bearer %%%.x.y"), body));
        cases.add(request("Last-Event-ID: garbage", method, base, with(headers, "Last-Event-ID", "x=y=z,,,=1"), body));
        // a method the path does not document
        for (String other : List.of("PUT", "DELETE", "PATCH", "POST", "GET")) {
            if (!operation.methodsOnPath().contains(other)) {
                cases.add(new Case("undocumented method " + other, other, base, headers, null, true));
                break;
            }
        }
        // bodies
        if (body != null) {
            cases.addAll(bodyCases(operation, method, base, headers, body, random));
        }
        return cases;
    }

    private List<Case> bodyCases(
            Operation operation, String method, String target, Map<String, String> headers, Body body, Random random) {
        List<Case> cases = new ArrayList<>();
        if (body.multipart()) {
            String boundary = "sprocket" + random.nextInt(1_000_000);
            StringBuilder tooMany = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                tooMany.append("--")
                        .append(boundary)
                        .append("\r\nContent-Disposition: form-data; name=\"f")
                        .append(i)
                        .append("\"\r\n\r\nvalue\r\n");
            }
            tooMany.append("--").append(boundary).append("--\r\n");
            Map<String, String> multipart = with(headers, "Content-Type", "multipart/form-data; boundary=" + boundary);
            cases.add(new Case("multipart with 12 parts", method, target, multipart, bytes(tooMany.toString()), false));
            String field = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nnot a file\r\n--"
                    + boundary + "--\r\n";
            cases.add(
                    new Case("a form field where a file is expected", method, target, multipart, bytes(field), false));
            cases.add(new Case(
                    "multipart without a boundary",
                    method,
                    target,
                    with(headers, "Content-Type", "multipart/form-data"),
                    bytes("--x\r\n"),
                    false));
            cases.add(new Case(
                    "multipart cut off",
                    method,
                    target,
                    multipart,
                    bytes("--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"),
                    false));
            cases.add(new Case(
                    "JSON where multipart is expected",
                    method,
                    target,
                    with(headers, "Content-Type", "application/json"),
                    bytes("{}"),
                    false));
            return cases;
        }
        Map<String, String> json = with(headers, "Content-Type", "application/json");
        String valid = JSON.writeValueAsString(body.json());
        cases.add(new Case("not JSON", method, target, json, bytes("{not json"), false));
        cases.add(new Case(
                "truncated JSON",
                method,
                target,
                json,
                bytes(valid.substring(0, Math.max(1, valid.length() / 2))),
                false));
        cases.add(new Case("empty body", method, target, json, new byte[0], false));
        cases.add(new Case("JSON array instead of an object", method, target, json, bytes("[1,2,3]"), false));
        cases.add(new Case("JSON string instead of an object", method, target, json, bytes("\"x\""), false));
        cases.add(new Case("JSON null", method, target, json, bytes("null"), false));
        cases.add(
                new Case("nested 5000 deep", method, target, json, bytes("[".repeat(5000) + "]".repeat(5000)), false));
        cases.add(new Case("invalid UTF-8", method, target, json, invalidUtf8(), false));
        cases.add(
                new Case("400 KB body", method, target, json, bytes("{\"x\":\"" + "y".repeat(400_000) + "\"}"), false));
        cases.add(new Case(
                "text/plain", method, target, with(headers, "Content-Type", "text/plain"), bytes(valid), false));
        cases.add(new Case(
                "application/xml",
                method,
                target,
                with(headers, "Content-Type", "application/xml"),
                bytes("<a/>"),
                false));
        cases.add(new Case("no Content-Type", method, target, headers, bytes(valid), false));
        cases.add(new Case(
                "duplicate keys", method, target, json, bytes(valid.replaceFirst("\\{", "{\"k\":1,\"k\":2,")), false));
        if (body.json() instanceof ObjectNode object) {
            for (String field : object.propertyNames()) {
                for (Map.Entry<String, JsonNode> mutation :
                        mutations(object.get(field)).entrySet()) {
                    ObjectNode broken = object.deepCopy();
                    broken.set(field, mutation.getValue());
                    cases.add(new Case(
                            field + " = " + mutation.getKey(),
                            method,
                            target,
                            json,
                            bytes(JSON.writeValueAsString(broken)),
                            false));
                }
                ObjectNode missing = object.deepCopy();
                missing.remove(field);
                cases.add(new Case(
                        field + " missing", method, target, json, bytes(JSON.writeValueAsString(missing)), false));
            }
        }
        return cases;
    }

    private static Map<String, JsonNode> mutations(JsonNode valid) {
        Map<String, JsonNode> mutations = new LinkedHashMap<>();
        mutations.put("null", NODES.nullNode());
        mutations.put("a number", NODES.numberNode(12345));
        mutations.put("a string", NODES.stringNode("abc"));
        mutations.put("an object", NODES.objectNode().put("x", 1));
        mutations.put("an array", NODES.arrayNode().add("x"));
        mutations.put("true", NODES.booleanNode(true));
        mutations.put("1e309", NODES.numberNode(new java.math.BigDecimal("1e309")));
        mutations.put("-99999999999999999999", NODES.numberNode(new java.math.BigInteger("-99999999999999999999")));
        mutations.put("0.5", NODES.numberNode(0.5));
        mutations.put("100k characters", NODES.stringNode("x".repeat(100_000)));
        mutations.put("unicode edges", NODES.stringNode("\uD83D\uDCA9\u202E\u200B\uFEFF\u0301 e\u0301"));
        mutations.put("NUL", NODES.stringNode("a\u0000b"));
        mutations.put("blank", NODES.stringNode("   "));
        mutations.put("an object with a null value", NODES.objectNode().putNull("x"));
        if (valid != null && valid.isArray()) {
            ArrayNode withNull = NODES.arrayNode().addNull();
            mutations.put("an array holding null", withNull);
        }
        return mutations;
    }

    private record Body(JsonNode json, boolean multipart) {}

    private Body body(Operation operation, Random random) {
        JsonNode requestBody = operation.requestBody();
        if (requestBody == null) {
            return null;
        }
        JsonNode content = requestBody.path("content");
        if (content.has("multipart/form-data")) {
            return new Body(null, true);
        }
        JsonNode schema = content.path("application/json").get("schema");
        return new Body(sample(resolve(schema), random, 0), false);
    }

    /** A value that fits the schema (required properties only, enums and bounds respected). */
    private JsonNode sample(JsonNode schema, Random random, int depth) {
        if (schema == null || depth > 6) {
            return NODES.stringNode("x");
        }
        if (schema.has("allOf")) {
            return sample(resolve(schema.get("allOf").get(0)), random, depth + 1);
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asString("object");
        return switch (type) {
            case "integer", "number" ->
                NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (schema.path("minItems").asInt(0) > 0) {
                    array.add(sample(resolve(schema.get("items")), random, depth + 1));
                }
                yield array;
            }
            case "string" -> NODES.stringNode(sampleText(schema, random));
            default -> {
                ObjectNode object = NODES.objectNode();
                JsonNode properties = schema.path("properties");
                for (JsonNode required : schema.path("required")) {
                    String name = required.asString();
                    object.set(name, sample(resolve(properties.get(name)), random, depth + 1));
                }
                yield object;
            }
        };
    }

    private String sampleText(JsonNode schema, Random random) {
        if (schema == null) {
            return "x";
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0).asString();
        }
        String format = schema.path("format").asString("");
        String type = schema.path("type").asString("string");
        if (format.equals("uuid")) {
            return UUID.randomUUID().toString();
        }
        if (format.equals("date-time")) {
            return "2026-01-01T00:00:00Z";
        }
        if (type.equals("integer") || type.equals("number")) {
            return String.valueOf(Math.max(1, schema.path("minimum").asLong(1)));
        }
        if (type.equals("boolean")) {
            return "true";
        }
        String pattern = schema.path("pattern").asString("");
        if (pattern.contains("[A-Z]{3}")) {
            return "EUR";
        }
        if (pattern.contains("{8,64}")) {
            return "op-" + Integer.toHexString(random.nextInt()) + "abcd";
        }
        if (pattern.contains("a-z0-9")) {
            return "slug-" + Integer.toHexString(random.nextInt() & 0xffff);
        }
        if (!pattern.isEmpty() && pattern.contains("|")) {
            return pattern.split("\\|")[0].replaceAll("[^a-z_]", "");
        }
        int min = schema.path("minLength").asInt(1);
        return "x".repeat(Math.max(1, Math.min(min, 50))) + (min <= 1 ? "" : "");
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema == null) {
            return null;
        }
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ref.asString().substring(ref.asString().lastIndexOf('/') + 1);
        return document.path("components").path("schemas").get(name);
    }

    private static String target(Operation operation, Map<String, String> pathValues, Map<String, String> queryValues) {
        String path = operation.path();
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        if (queryValues.isEmpty()) {
            return path;
        }
        StringBuilder query = new StringBuilder(path).append('?');
        queryValues.forEach(
                (name, value) -> query.append(name).append('=').append(value).append('&'));
        return query.substring(0, query.length() - 1);
    }

    private static Case request(
            String description, String method, String target, Map<String, String> headers, Body body) {
        if (body == null) {
            return new Case(description, method, target, headers, null, false);
        }
        if (body.multipart()) {
            return new Case(description, method, target, headers, null, false);
        }
        return new Case(
                description,
                method,
                target,
                with(headers, "Content-Type", "application/json"),
                bytes(JSON.writeValueAsString(body.json())),
                false);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static void addAll(List<JsonNode> target, JsonNode array) {
        if (array != null) {
            array.forEach(target::add);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 20) + "...(" + value.length() + " chars)" : value;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] invalidUtf8() {
        byte[] prefix = bytes("{\"x\":\"");
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
        byte[] suffix = bytes("\"}");
        byte[] all = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(bad, 0, all, prefix.length, bad.length);
        System.arraycopy(suffix, 0, all, prefix.length + bad.length, suffix.length);
        return all;
    }
}
