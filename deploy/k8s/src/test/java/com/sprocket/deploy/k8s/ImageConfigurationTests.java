package com.sprocket.deploy.k8s;

import static com.sprocket.deploy.k8s.ManifestPolicyTests.kind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Jib made of the image configuration (the parent POM's jib-maven-plugin section), read from the
 * OCI tarballs that the image-check profile builds on an empty base during {@code ./sprocket test}:
 * an unprivileged user matching the Deployments' runAsUser, the ports the Deployments name, the JVM
 * flags, the service's main class, and layers ordered from least to most often changed.
 */
class ImageConfigurationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPOSITORY =
            RenderedManifestsTests.ROOT.resolve("../..").normalize();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "identity-service",
                "catalog-service",
                "cart-service",
                "order-service",
                "payment-service",
                "notification-service",
                "gateway",
                "tj-sandbox"
            })
    void each_image_runs_unprivileged_with_container_aware_jvm_flags_and_the_ports_its_deployment_names(String module)
            throws IOException {
        assumeTrue(
                Boolean.getBoolean("sprocket.images.built"),
                "images are built by the image-check profile (./sprocket test, or mvn -Pimage-check)");
        JsonNode config = imageConfig(REPOSITORY.resolve(module).resolve("target/jib-image.tar"));
        JsonNode container = config.path("config");

        assertThat(container.path("User").asText()).isEqualTo("65532:65532");
        List<String> entrypoint = new ArrayList<>();
        container.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint)
                .contains("-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
        assertThat(entrypoint.getLast()).startsWith("com.sprocket.");
        assertThat(container.path("Env").toString()).contains("MALLOC_ARENA_MAX=2");
        List<String> layers = new ArrayList<>();
        config.path("history").forEach(layer -> layers.add(layer.path("comment").asText()));
        assertThat(layers).containsSubsequence("dependencies", "resources", "classes");

        TreeSet<Integer> exposed = new TreeSet<>();
        container
                .path("ExposedPorts")
                .fieldNames()
                .forEachRemaining(port -> exposed.add(Integer.parseInt(port.split("/")[0])));
        String overlay = module.equals("tj-sandbox") ? "dev" : "prod";
        JsonNode deployment = kind(overlay, "Deployment").stream()
                .filter(candidate ->
                        candidate.path("metadata").path("name").asText().equals(module))
                .findFirst()
                .orElseThrow();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        TreeSet<Integer> named = new TreeSet<>();
        pod.path("containers")
                .get(0)
                .path("ports")
                .forEach(port -> named.add(port.path("containerPort").asInt()));
        assertThat(exposed).isEqualTo(named);
        assertThat(pod.path("securityContext").path("runAsUser").asText() + ":"
                        + pod.path("securityContext").path("runAsGroup").asText())
                .isEqualTo(container.path("User").asText());
    }

    /** The image configuration of an OCI image layout tarball: index → manifest → config. */
    private static JsonNode imageConfig(Path tarball) throws IOException {
        assertThat(tarball).as("built by jib:buildTar").exists();
        Map<String, byte[]> small = smallEntries(tarball);
        JsonNode index = JSON.readTree(small.get("index.json"));
        JsonNode manifest = JSON.readTree(
                blob(small, index.path("manifests").get(0).path("digest").asText()));
        return JSON.readTree(blob(small, manifest.path("config").path("digest").asText()));
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) {
        byte[] blob = entries.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(blob).as(digest).isNotNull();
        return blob;
    }

    /** Entries of a (ustar) tar file up to 64 KB: the JSON documents, not the layers. */
    private static Map<String, byte[]> smallEntries(Path tarball) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream file = Files.newInputStream(tarball);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file))) {
            byte[] header = new byte[512];
            while (true) {
                in.readFully(header);
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    return entries;
                }
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                long padded = (size + 511) / 512 * 512;
                String path = (prefix.isEmpty() ? name : prefix + "/" + name).replaceFirst("^\\./", "");
                if (size <= 65536) {
                    byte[] content = new byte[(int) padded];
                    in.readFully(content);
                    entries.put(path, java.util.Arrays.copyOf(content, (int) size));
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
