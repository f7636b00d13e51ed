package com.sprocket.tjsandbox;

/**
 * The sandbox's fault switches, set with {@code PUT /sandbox/switches} (all optional in the body):
 *
 * @param duplicates each webhook is delivered this many times (same event id), at least 1
 * @param delayMs every webhook delivery waits this long first
 * @param shuffleMs every delivery waits a further random 0..shuffleMs, so events of one payment arrive out
 *     of order
 * @param dropWebhooks webhooks are not delivered at all (lost); the API still answers
 * @param outage the provider's API answers 503 to every call (webhooks already due still go out)
 * @param latencyMs the API answers this much later (a slow provider, for timeouts)
 */
public record Switches(
        int duplicates, long delayMs, long shuffleMs, boolean dropWebhooks, boolean outage, long latencyMs) {

    public static final Switches NORMAL = new Switches(1, 0, 0, false, false, 0);

    public Switches {
        duplicates = Math.max(1, Math.min(duplicates, 1000));
        delayMs = Math.max(0, delayMs);
        shuffleMs = Math.max(0, shuffleMs);
        latencyMs = Math.max(0, latencyMs);
    }
}
