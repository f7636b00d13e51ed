package com.sprocket.platform.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server of a test run: the one at {@code SPROCKET_TEST_PG_HOST:PORT} (default
 * 127.0.0.1:5432, user postgres) when it answers; Testcontainers when a Docker engine is present or
 * {@code -Dsprocket.test.containers=true}; else an embedded PostgreSQL from the zonky binaries.
 * Each test class gets a database of its own, dropped when its context closes.
 */
public final class TestPostgres {

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static volatile TestPostgres instance;

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private TestPostgres(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static TestPostgres get() {
        if (instance == null) {
            synchronized (TestPostgres.class) {
                if (instance == null) {
                    instance = start();
                }
            }
        }
        return instance;
    }

    private static TestPostgres start() {
        String host = setting("SPROCKET_TEST_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(setting("SPROCKET_TEST_PG_PORT", "5432"));
        String user = setting("SPROCKET_TEST_PG_USER", "postgres");
        String password = setting("SPROCKET_TEST_PG_PASSWORD", "");
        if (TestInfrastructure.useContainers()) {
            var container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            log.info("test PostgreSQL: Testcontainers {}", container.getJdbcUrl());
            return new TestPostgres(
                    container.getHost(),
                    container.getFirstMappedPort(),
                    container.getUsername(),
                    container.getPassword());
        }
        var local = new TestPostgres(host, port, user, password);
        if (local.reachable()) {
            log.info("test PostgreSQL: server at {}:{}", host, port);
            return local;
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
            log.info(
                    "test PostgreSQL: no server at {}:{}, started an embedded one on {}",
                    host,
                    port,
                    embedded.getPort());
            return new TestPostgres("127.0.0.1", embedded.getPort(), "postgres", "");
        } catch (Exception e) {
            throw new IllegalStateException(
                    "No PostgreSQL at " + host + ":" + port + " and the embedded one failed", e);
        }
    }

    /** Creates an empty database for one test class and returns its name. */
    public String createDatabase(String hint) {
        String name = ("it_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt()))
                .toLowerCase(Locale.ROOT);
        name = name.length() > 60 ? name.substring(name.length() - 60) : name;
        if (!Character.isLetter(name.charAt(0))) {
            name = "t" + name.substring(1);
        }
        execute("CREATE DATABASE " + name);
        return name;
    }

    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String r2dbcUrl(String database) {
        return r2dbcUrl(host, port, database);
    }

    String r2dbcUrl(String viaHost, int viaPort, String database) {
        return "r2dbc:postgresql://" + viaHost + ":" + viaPort + "/" + database;
    }

    /** A cuttable hop to this server (see {@link FaultInjection}). */
    TcpProxy proxy() {
        return TcpProxy.to(host, port);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private boolean reachable() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void execute(String sql) {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }

    static String setting(String name, String fallback) {
        String value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'), System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
