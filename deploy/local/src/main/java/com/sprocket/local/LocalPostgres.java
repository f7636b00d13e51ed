package com.sprocket.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** The local suite's PostgreSQL chores: the embedded fallback server and the service databases. */
final class LocalPostgres {

    private LocalPostgres() {}

    /** Runs an embedded PostgreSQL (binaries from a Maven artifact) on a fixed port until the process is killed. */
    static void runEmbedded(int port, String dataDirectory) throws Exception {
        File data = new File(dataDirectory);
        data.mkdirs();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        System.out.println("embedded PostgreSQL listening on 127.0.0.1:" + port);
        new CountDownLatch(1).await();
    }

    /** args: host port user password database... */
    static void createDatabases(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, args[2], args[3])) {
            for (String database : Arrays.copyOfRange(args, 4, args.length)) {
                if (!database.matches("[a-z_]+")) {
                    throw new IllegalArgumentException("bad database name " + database);
                }
                boolean exists;
                try (var check = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    check.setString(1, database);
                    try (ResultSet rows = check.executeQuery()) {
                        exists = rows.next();
                    }
                }
                if (!exists) {
                    try (var create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                    System.out.println("created database " + database);
                }
            }
        }
    }
}
