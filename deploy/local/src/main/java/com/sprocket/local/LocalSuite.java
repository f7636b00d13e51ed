package com.sprocket.local;

import java.util.Arrays;

/**
 * Helpers behind {@code ./sprocket up}: each subcommand does one thing the shell script cannot do
 * portably. Run with the classpath the script writes to {@code .run/classpath.txt}.
 *
 * <pre>
 *   embedded-postgres PORT DATA_DIR      run an embedded PostgreSQL until killed
 *   databases HOST PORT USER PASSWORD DB...   create the service databases that are missing
 *   seed GATEWAY_URL DIR                 demo accounts for every role (tokens to DIR/tokens), then
 *                                        categories and spare parts (skipped when present)
 *   realtime-bench GATEWAY STREAMS RATE SECONDS   Kafka publish to SSE receipt latency
 *   bulk-parts HOST PORT USER PASSWORD N      grow the catalog to N parts (search benchmark)
 *   suite-bench mix|open|freshness ...  the request mix, open-model load, index freshness ({@link SuiteBench})
 *   webhook-bench GATEWAY TARGET PAYMENTS RATE SECONDS   webhook -> SSE latency, webhooks accepted per second
 *   dlq BOOTSTRAP list|replay ...        dead letters (see {@link Operations})
 *   outbox HOST PORT USER PASSWORD parked|retry SERVICE [SEQ]   parked outbox records
 * </pre>
 */
public final class LocalSuite {

    private LocalSuite() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: embedded-postgres|databases|seed ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "embedded-postgres" -> LocalPostgres.runEmbedded(Integer.parseInt(rest[0]), rest[1]);
            case "databases" -> LocalPostgres.createDatabases(rest);
            case "bulk-parts" -> BulkParts.run(rest);
            case "suite-bench" -> SuiteBench.run(rest);
            case "seed" -> DemoData.seed(rest[0], rest[1]);
            case "cart-bench" ->
                CartBench.run(rest[0], Integer.parseInt(rest[1]), Integer.parseInt(rest[2]), Integer.parseInt(rest[3]));
            case "realtime-bench" ->
                RealtimeBench.run(
                        rest[0], Integer.parseInt(rest[1]), Integer.parseInt(rest[2]), Integer.parseInt(rest[3]));
            case "checkout-bench" ->
                CheckoutBench.run(
                        rest[0],
                        rest[1],
                        rest[2],
                        Integer.parseInt(rest[3]),
                        Integer.parseInt(rest[4]),
                        Arrays.copyOfRange(rest, 5, rest.length));
            case "webhook-bench" ->
                WebhookBench.run(
                        rest[0],
                        rest[1],
                        Integer.parseInt(rest[2]),
                        Integer.parseInt(rest[3]),
                        Integer.parseInt(rest[4]));
            case "dlq" -> Operations.dlq(rest[0], Arrays.copyOfRange(rest, 1, rest.length));
            case "outbox" -> Operations.outbox(rest);
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }
}
