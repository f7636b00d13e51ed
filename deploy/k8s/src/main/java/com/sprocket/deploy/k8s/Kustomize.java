package com.sprocket.deploy.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory offline with kubectl's built-in Kustomize ({@code kubectl kustomize}),
 * or the standalone {@code kustomize build} where only that is installed. Nothing talks to a cluster.
 */
public final class Kustomize {

    private Kustomize() {}

    public static String render(Path directory) throws IOException, InterruptedException {
        if (!Files.isRegularFile(directory.resolve("kustomization.yaml"))) {
            throw new IllegalArgumentException(directory + " holds no kustomization.yaml");
        }
        List<String> command = onPath("kubectl")
                ? List.of("kubectl", "kustomize", directory.toString())
                : onPath("kustomize") ? List.of("kustomize", "build", directory.toString()) : null;
        if (command == null) {
            throw new IllegalStateException(
                    "neither kubectl nor kustomize is on the PATH: install kubectl (1.27+ renders offline)");
        }
        Path errors = Files.createTempFile("kustomize", ".err");
        try {
            Process process =
                    new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(errors));
            }
            return rendered;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
