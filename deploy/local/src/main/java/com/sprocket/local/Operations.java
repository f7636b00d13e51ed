package com.sprocket.local;

import com.sprocket.platform.kafka.DeadLetterCommand;
import com.sprocket.platform.kafka.DeadLetters;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * Operator commands behind {@code ./sprocket dlq} and {@code ./sprocket outbox} (runbook: "Dead letters"
 * and "Parked outbox records").
 *
 * <pre>
 *   dlq list TOPIC                         what is in TOPIC.dlq, with group, reason and exception
 *   dlq replay TOPIC --group GROUP [--all] re-deliver GROUP's dead letters of TOPIC to GROUP only
 *   outbox parked SERVICE                  records SERVICE's relay stopped retrying, with their last error
 *   outbox retry SERVICE [SEQ]             put parked records (or one) back into the relay's queue
 * </pre>
 */
final class Operations {

    private Operations() {}

    static void dlq(String bootstrapServers, String[] args) {
        DeadLetterCommand.run(new DeadLetters(bootstrapServers), args, System.out);
    }

    /** args: host port user password then: parked SERVICE | retry SERVICE [SEQ] */
    static void outbox(String[] args) throws Exception {
        if (args.length < 6) {
            throw new IllegalArgumentException("usage: outbox parked SERVICE | outbox retry SERVICE [SEQ]");
        }
        String service = args[5].replace("-service", "");
        if (!service.matches("[a-z]+")) {
            throw new IllegalArgumentException("not a service: " + args[5]);
        }
        String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/sprocket_" + service;
        try (Connection connection = DriverManager.getConnection(url, args[2], args[3])) {
            switch (args[4]) {
                case "parked" -> {
                    try (var statement = connection.prepareStatement(
                                    "SELECT seq, topic, aggregate_id, event_type, attempts, parked_at, last_error"
                                            + " FROM outbox WHERE parked_at IS NOT NULL ORDER BY seq");
                            ResultSet rows = statement.executeQuery()) {
                        int count = 0;
                        while (rows.next()) {
                            count++;
                            System.out.printf(
                                    "seq %d  %s  key=%s  %s  attempts=%d  parked %s%n    %s%n",
                                    rows.getLong(1),
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getString(4),
                                    rows.getInt(5),
                                    rows.getObject(6),
                                    rows.getString(7));
                        }
                        System.out.printf("%d parked record(s) in %s's outbox%n", count, args[5]);
                    }
                }
                case "retry" -> {
                    String only = args.length > 6 ? " AND seq = " + Long.parseLong(args[6]) : "";
                    try (var statement = connection.createStatement()) {
                        int updated = statement.executeUpdate("UPDATE outbox SET parked_at = NULL, attempts = 0,"
                                + " next_attempt_at = NULL WHERE parked_at IS NOT NULL" + only);
                        System.out.printf("%d record(s) back in the relay's queue%n", updated);
                    }
                }
                default -> throw new IllegalArgumentException("unknown outbox command " + args[4]);
            }
        }
    }
}
