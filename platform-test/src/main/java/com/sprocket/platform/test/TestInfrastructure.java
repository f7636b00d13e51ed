package com.sprocket.platform.test;

import java.nio.file.Files;
import java.nio.file.Path;

/** Decides between the machine's own services and Testcontainers. */
final class TestInfrastructure {

    private TestInfrastructure() {}

    /** Testcontainers when asked for, or when a Docker engine's socket or DOCKER_HOST is present. */
    static boolean useContainers() {
        String asked = TestPostgres.setting("SPROCKET_TEST_CONTAINERS", "");
        if (!asked.isBlank()) {
            return Boolean.parseBoolean(asked);
        }
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }
}
