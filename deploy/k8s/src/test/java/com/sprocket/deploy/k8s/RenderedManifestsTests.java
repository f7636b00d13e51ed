package com.sprocket.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
}
