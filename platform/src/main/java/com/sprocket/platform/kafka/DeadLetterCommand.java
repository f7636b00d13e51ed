package com.sprocket.platform.kafka;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The dead-letter commands an operator runs: {@code list TOPIC} and {@code replay TOPIC --group GROUP
 * [--all]}. Locally behind {@code ./sprocket dlq}; in a cluster as a Job from any service image with
 * the service's Kafka settings in its environment (deploy/k8s/ops/dead-letters.yaml, runbook).
 */
public final class DeadLetterCommand {

    private DeadLetterCommand() {}

    /** In a cluster: Kafka client settings from the environment, as a service reads them. */
    public static void main(String[] args) {
        run(new DeadLetters(DeadLetters.clientFromEnvironment(System.getenv())), args, System.out);
    }

    public static void run(DeadLetters deadLetters, String[] args, PrintStream out) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: list TOPIC | replay TOPIC --group GROUP [--all]");
        }
        String topic = args[1];
        switch (args[0]) {
            case "list" -> {
                List<DeadLetters.DeadLetter> letters = deadLetters.list(topic);
                out.printf("%d dead letter(s) in %s.dlq%n", letters.size(), topic);
                for (DeadLetters.DeadLetter letter : letters) {
                    out.printf(
                            "%d@%d  key=%s  group=%s  from=%s-%s@%s  at=%s%n    %s%n    (%s)%n",
                            letter.partition(),
                            letter.offset(),
                            letter.key(),
                            letter.group(),
                            letter.originalTopic(),
                            letter.originalPartition(),
                            letter.originalOffset(),
                            letter.deadLetteredAt(),
                            letter.reason(),
                            letter.exception());
                }
            }
            case "replay" -> {
                List<String> options = Arrays.asList(args);
                int group = options.indexOf("--group");
                if (group < 0 || group + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "replay needs --group CONSUMER_GROUP (only that group gets them)");
                }
                DeadLetters.Replay replay = deadLetters.replay(topic, args[group + 1], options.contains("--all"));
                out.printf(
                        "replayed %d dead letter(s) of %s to group %s (%d of other groups left alone)%n",
                        replay.replayed(), topic, args[group + 1], replay.skipped());
            }
            default -> throw new IllegalArgumentException("unknown dead-letter command " + args[0]);
        }
    }
}
