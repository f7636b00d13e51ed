package com.sprocket.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker (single-node KRaft, automatic topic creation off) in a JVM of its own, which a fault
 * test can kill ({@code SIGKILL}, as a crashed or partitioned broker) and start again on the same ports
 * and data: records acknowledged before the kill are still there afterwards.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaProcess.class);

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaProcess(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static KafkaProcess start() {
        try {
            Path directory = Files.createTempDirectory("sprocket-kafka-process");
            var kafka = new KafkaProcess(directory, freePort(), freePort());
            kafka.configure();
            kafka.launch();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Kills the broker at once, like a crash; clients see connections refused. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            log.info("test Kafka process on {} killed", port);
        }
    }

    /** Starts the broker again with the same ports and data. */
    public synchronized void restart() {
        launch();
    }

    @Override
    public void close() {
        kill();
    }

    private void configure() throws IOException {
        Files.writeString(
                directory.resolve("server.properties"),
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                                + controllerPort,
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + directory.resolve("data"),
                        "num.partitions=3",
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""));
        run(List.of(
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                directory.resolve("server.properties").toString()));
    }

    private synchronized void launch() {
        try {
            process = java(List.of(
                            "kafka.Kafka",
                            directory.resolve("server.properties").toString()))
                    .redirectOutput(directory.resolve("broker.log").toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPort(Duration.ofSeconds(60));
        log.info("test Kafka process: broker on {} (data in {})", bootstrapServers(), directory);
    }

    private void run(List<String> command) {
        try {
            Process tool = java(command)
                    .redirectOutput(directory.resolve("format.log").toFile())
                    .redirectErrorStream(true)
                    .start();
            if (tool.waitFor() != 0) {
                throw new IllegalStateException(
                        "kafka storage format failed: " + Files.readString(directory.resolve("format.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The test JVM's own classpath has the Kafka server jars (spring-kafka-test brings them). */
    private static ProcessBuilder java(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(arguments);
        return new ProcessBuilder(command);
    }

    private void awaitPort(Duration atMost) {
        Awaitility.await("the test Kafka process listening on " + port)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (process != null && !process.isAlive()) {
                        throw new IllegalStateException(
                                "the test Kafka process exited; see " + directory.resolve("broker.log"));
                    }
                    return listening();
                });
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
