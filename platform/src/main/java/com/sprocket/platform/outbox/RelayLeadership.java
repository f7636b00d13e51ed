package com.sprocket.platform.outbox;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Which replica relays, and when it should look: one dedicated connection per replica (outside the
 * pool) that LISTENs for outbox inserts and tries a <em>session</em> advisory lock until it gets it.
 * The holder is the relay; the lock pins no transaction and no pooled connection, and it is released
 * by the server the moment that connection dies, so a standby takes over within one sweep. The
 * connection is checked on every sweep and re-opened with backoff when the database goes away.
 */
final class RelayLeadership {

    static final String CHANNEL = "sprocket_outbox";

    private static final Logger log = LoggerFactory.getLogger(RelayLeadership.class);
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('sprocket.outbox.relay'))";

    private final ConnectionFactory connectionFactory;
    private final Duration checkInterval;
    private volatile boolean leader;

    RelayLeadership(ConnectionFactory connectionFactory, Duration checkInterval) {
        this.connectionFactory = connectionFactory;
        this.checkInterval = checkInterval;
    }

    boolean isLeader() {
        return leader;
    }

    /** Wake-ups for the relay: each NOTIFY, and the moment this replica becomes the relay. */
    Flux<String> wakeUps() {
        return Flux.usingWhen(
                        Mono.from(listenerConnectionFactory().create()),
                        connection -> session(unwrap(connection)),
                        this::release)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500))
                        .maxBackoff(Duration.ofSeconds(15))
                        .doBeforeRetry(signal -> {
                            leader = false;
                            log.warn(
                                    "outbox relay connection lost, reconnecting: {}",
                                    signal.failure().toString());
                        }));
    }

    private Flux<String> session(PostgresqlConnection connection) {
        Flux<String> notifications = connection.getNotifications().map(notification -> "notify");
        Flux<String> elections = Flux.interval(Duration.ZERO, checkInterval)
                .concatMap(tick -> leader ? alive(connection) : tryLock(connection));
        return connection
                .createStatement("LISTEN " + CHANNEL)
                .execute()
                .flatMap(result -> result.getRowsUpdated())
                .thenMany(Flux.merge(notifications, elections));
    }

    /** Takes the lock if nobody holds it; emits once when this replica becomes the relay. */
    private Mono<String> tryLock(PostgresqlConnection connection) {
        return Flux.from(connection.createStatement(TRY_LOCK).execute())
                .flatMap(result -> result.map((row, metadata) -> Boolean.TRUE.equals(row.get(0, Boolean.class))))
                .next()
                .filter(acquired -> acquired)
                .doOnNext(acquired -> {
                    leader = true;
                    log.info("this replica now relays the outbox");
                })
                .map(acquired -> "elected");
    }

    /** A round trip on the leader's connection: a dead connection errors here and is re-opened. */
    private Mono<String> alive(PostgresqlConnection connection) {
        return Flux.from(connection.createStatement("SELECT 1").execute())
                .flatMap(result -> result.getRowsUpdated())
                .then(Mono.empty());
    }

    private Mono<Void> release(Connection connection) {
        leader = false;
        return Mono.from(connection.close());
    }

    /** The driver's own factory beneath the pool (and any other wrapper): the connection must not be pooled. */
    private ConnectionFactory listenerConnectionFactory() {
        ConnectionFactory factory = connectionFactory;
        while (factory instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
            factory = inner;
        }
        return factory;
    }

    private static PostgresqlConnection unwrap(Connection connection) {
        Object candidate = connection;
        while (!(candidate instanceof PostgresqlConnection) && candidate instanceof Wrapped<?> wrapped) {
            candidate = wrapped.unwrap();
        }
        if (candidate instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("the outbox relay needs a PostgreSQL R2DBC connection");
    }
}
