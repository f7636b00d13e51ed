package com.sprocket.notification.realtime;

import com.sprocket.notification.config.NotificationProperties;
import com.sprocket.platform.security.SecretTokens;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Stream tickets: a browser's {@code EventSource} cannot send an {@code Authorization} header, and a
 * bearer token or a guest cart's secret in a URL ends up in logs and histories. So the holder of
 * either asks for a ticket (a POST with the header) and opens the stream with {@code ?ticket=}. A
 * ticket names what it may subscribe to, lives {@code ticketLifetime}, and is redeemed once, by one
 * UPDATE, so it is single-use across replicas. Only its SHA-256 is stored.
 */
@Component
class StreamTickets {

    private final DatabaseClient db;
    private final NotificationProperties properties;

    StreamTickets(DatabaseClient db, NotificationProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    /** What a stream may carry, for whom, until when. */
    record Grant(
            String owner,
            UUID userId,
            List<String> roles,
            Set<String> channels,
            Instant until,
            Instant tokenIssuedAt) {}

    /** An issued ticket: the secret (shown once) and when it stops being redeemable. */
    record Issued(String ticket, Instant expiresAt) {}

    Mono<Issued> issue(Grant grant) {
        String ticket = SecretTokens.newToken();
        Instant expiresAt = Instant.now().plus(properties.ticketLifetime());
        return db.sql("INSERT INTO stream_tickets (ticket_hash, owner, user_id, roles, channels, stream_until,"
                        + " token_issued_at, expires_at) VALUES (:hash, :owner, :user, :roles, :channels, :until,"
                        + " :issuedAt, :expires)")
                .bind("hash", SecretTokens.sha256Hex(ticket))
                .bind("owner", grant.owner())
                .bind("user", Parameter.fromOrEmpty(grant.userId(), UUID.class))
                .bind("roles", grant.roles().toArray(String[]::new))
                .bind("channels", grant.channels().toArray(String[]::new))
                .bind("until", grant.until().atOffset(ZoneOffset.UTC))
                .bind(
                        "issuedAt",
                        Parameter.fromOrEmpty(
                                grant.tokenIssuedAt() == null
                                        ? null
                                        : grant.tokenIssuedAt().atOffset(ZoneOffset.UTC),
                                OffsetDateTime.class))
                .bind("expires", expiresAt.atOffset(ZoneOffset.UTC))
                .then()
                .thenReturn(new Issued(ticket, expiresAt));
    }

    /** The ticket's grant, if it is known, unused and unexpired; it is used from now on. */
    Mono<Grant> redeem(String ticket) {
        if (ticket.length() > 100) {
            return Mono.empty();
        }
        return db.sql(
                        "UPDATE stream_tickets SET used_at = now() WHERE ticket_hash = :hash AND used_at IS NULL"
                                + " AND expires_at > now() RETURNING owner, user_id, roles, channels, stream_until, token_issued_at")
                .bind("hash", SecretTokens.sha256Hex(ticket))
                .map(row -> {
                    OffsetDateTime issuedAt = row.get("token_issued_at", OffsetDateTime.class);
                    return new Grant(
                            row.get("owner", String.class),
                            row.get("user_id", UUID.class),
                            List.of(row.get("roles", String[].class)),
                            Set.of(row.get("channels", String[].class)),
                            row.get("stream_until", OffsetDateTime.class).toInstant(),
                            issuedAt == null ? null : issuedAt.toInstant());
                })
                .one();
    }
}
