package com.sprocket.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both overlays render offline and every object they render passes the strict validator. */
class RenderedManifestsTests {

    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    /** The objects an overlay renders (rendered once per test run). */
    static List<JsonNode> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> {
            try {
                return ManifestValidator.parse(
                        Kustomize.render(ROOT.resolve("overlays").resolve(name)));
            } catch (Exception e) {
                throw new IllegalStateException("rendering overlays/" + name + " failed: " + e.getMessage(), e);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_rendered_object_matches_its_kinds_schema(String overlay) {
        List<JsonNode> objects = rendered(overlay);

        assertThat(new ManifestValidator().validate(objects)).as(overlay).isEmpty();
        System.out.printf("overlays/%s renders %d objects, all valid%n", overlay, objects.size());
    }

    @Test
    void the_operators_jobs_are_valid_and_run_hardened() throws java.io.IOException {
        List<JsonNode> jobs =
                ManifestValidator.parse(java.nio.file.Files.readString(ROOT.resolve("ops/dead-letters.yaml")));

        assertThat(new ManifestValidator().validate(jobs)).isEmpty();
        JsonNode pod = jobs.getFirst().path("spec").path("template").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("containers")
                        .get(0)
                        .path("securityContext")
                        .path("readOnlyRootFilesystem")
                        .asBoolean())
                .isTrue();
        assertThat(pod.path("containers").get(0).path("command").toString())
                .contains(com.sprocket.platform.kafka.DeadLetterCommand.class.getName());
    }
}
