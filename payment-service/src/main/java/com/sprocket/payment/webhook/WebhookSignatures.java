package com.sprocket.payment.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The provider's webhook signature: header {@code TJ-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]}
 * where each {@code v1} is HMAC-SHA256 over {@code "<t>.<raw body>"} with a signing secret. Valid when
 * any {@code v1} matches any configured secret (two during a rotation), compared in constant time, and
 * {@code t} is within the tolerance of now in either direction (an old event replayed later is refused).
 * Pure: no I/O.
 */
final class WebhookSignatures {

    static final String HEADER = "TJ-Signature";

    /** Why a signature was refused (the label of the metric, and the problem's detail). */
    enum Verdict {
        VALID("valid"),
        MISSING("no TJ-Signature header"),
        MALFORMED("the TJ-Signature header is not t=<seconds>,v1=<hex>"),
        STALE("the signed timestamp is outside the tolerance"),
        MISMATCH("no signature matches");

        final String detail;

        Verdict(String detail) {
            this.detail = detail;
        }
    }

    private final List<byte[]> secrets;
    private final Duration tolerance;

    WebhookSignatures(List<String> secrets, Duration tolerance) {
        if (secrets == null || secrets.stream().allMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("sprocket.payment.tj.webhook-secrets needs at least one secret");
        }
        this.secrets = secrets.stream()
                .filter(s -> s != null && !s.isBlank())
                .map(s -> s.trim().getBytes(StandardCharsets.UTF_8))
                .toList();
        this.tolerance = tolerance;
    }

    Verdict verify(String header, byte[] body, Instant now) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>(2);
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Verdict.MALFORMED;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (name.equals("t")) {
                    timestamp = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException notANumberOrHex) {
                return Verdict.MALFORMED;
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Verdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.STALE;
        }
        for (byte[] secret : secrets) {
            byte[] expected = hmac(secret, timestamp, body);
            for (byte[] signature : signatures) {
                if (MessageDigest.isEqual(expected, signature)) {
                    return Verdict.VALID;
                }
            }
        }
        return Verdict.MISMATCH;
    }

    static byte[] hmac(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
