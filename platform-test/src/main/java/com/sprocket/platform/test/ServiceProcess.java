package com.sprocket.platform.test;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A service as its own OS process (this JVM's classpath, the given properties as arguments, which win
 * over the service's yaml as the environment does in production), so a test can kill it as a node
 * failure would: {@link Process#destroyForcibly()} is SIGKILL, with transactions and Kafka offsets left
 * wherever they were. Logs go to {@code target/<name>-process-*.log}.
 */
public final class ServiceProcess {

    private ServiceProcess() {}

    /** Starts {@code application}'s main class and waits until Spring Boot says it started. */
    public static Process start(Class<?> application, String name, Map<String, Object> properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                application.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        File log = File.createTempFile(name + "-process-", ".log", new File("target"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        String started = "Started " + application.getSimpleName();
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " process died; see " + log);
                    }
                    return Files.readString(log.toPath()).contains(started);
                });
        return process;
    }
}
