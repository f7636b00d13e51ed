package com.sprocket.platform.sql;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes a cancelled request cancel its query. The PostgreSQL driver keeps a statement running on the
 * server when its subscriber cancels (it only drains the rest), so a client that gave up would still
 * hold a connection and a backend until the statement timeout. Wrapped around the pool, this notices
 * a statement whose results were cancelled before they ended and, when the connection is handed back
 * (closed) or its transaction rolled back, first sends PostgreSQL's out-of-band cancel request for it.
 * The connection returns to the pool only after the cancel was delivered, so it can never hit the
 * next statement on that connection (PostgreSQL ignores a cancel that arrives while a backend is idle).
 *
 * <p>Consequence for code: taking only the first rows of a statement and cancelling the rest (a
 * {@code next()}, {@code take(n)}) cancels that statement; use {@code LIMIT} and consume all rows,
 * which Spring's {@code DatabaseClient} {@code one()}, {@code all()} and {@code rowsUpdated()} do.
 */
public final class QueryCancellation implements ConnectionFactory, Wrapped<ConnectionFactory>, Disposable {

    private static final Logger log = LoggerFactory.getLogger(QueryCancellation.class);

    /** Statements created on the service's pool: how many round trips a use case costs. */
    private static final io.micrometer.core.instrument.Counter STATEMENTS =
            io.micrometer.core.instrument.Counter.builder("sprocket.db.statements")
                    .description("SQL statements sent through the service's connection pool")
                    .register(io.micrometer.core.instrument.Metrics.globalRegistry);

    private final ConnectionFactory pool;

    public QueryCancellation(ConnectionFactory pool) {
        this.pool = pool;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.from(pool.create()).map(QueryCancellation::cancellable);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return pool;
    }

    /** Shuts the pool down with the application context (the pool bean's own destroy method). */
    @Override
    public void dispose() {
        if (pool instanceof Disposable disposable) {
            disposable.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return pool instanceof Disposable disposable && disposable.isDisposed();
    }

    private static Connection cancellable(Connection connection) {
        return proxy(connection, new ConnectionHandler(connection));
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(T target, InvocationHandler handler) {
        Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(target.getClass());
        return (T) Proxy.newProxyInstance(QueryCancellation.class.getClassLoader(), interfaces, handler);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A pooled connection that remembers whether one of its statements was abandoned mid-way. */
    private static final class ConnectionHandler implements InvocationHandler {

        private final Connection target;
        private final AtomicBoolean abandoned = new AtomicBoolean();

        ConnectionHandler(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "createStatement" -> {
                    STATEMENTS.increment();
                    Statement statement = (Statement) call(target, method, args);
                    yield proxy(statement, new Delegate(statement, abandoned));
                }
                case "close", "rollbackTransaction" ->
                    Mono.defer(this::cancelAbandoned).then(Mono.from((Publisher<?>) call(target, method, args)));
                case "unwrap" -> args == null ? target : call(target, method, args);
                default -> call(target, method, args);
            };
        }

        private Mono<Void> cancelAbandoned() {
            if (!abandoned.getAndSet(false)) {
                return Mono.empty();
            }
            PostgresqlConnection postgres = postgres(target);
            if (postgres == null) {
                return Mono.empty();
            }
            log.debug("cancelling an abandoned statement before the connection is reused");
            return postgres.cancelRequest().onErrorResume(error -> {
                log.debug("cancel request failed: {}", error.toString());
                return Mono.empty();
            });
        }

        private static PostgresqlConnection postgres(Object connection) {
            Object candidate = connection;
            while (!(candidate instanceof PostgresqlConnection) && candidate instanceof Wrapped<?> wrapped) {
                candidate = wrapped.unwrap();
            }
            return candidate instanceof PostgresqlConnection postgres ? postgres : null;
        }
    }

    /**
     * A statement or a result: the publishers it returns mark the connection as abandoned when they
     * are cancelled before they end, and the results they emit are watched the same way.
     */
    private record Delegate(Object target, AtomicBoolean abandoned) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object value = call(target, method, args);
            if (value == target) {
                return proxy; // fluent statement methods (bind, add, fetchSize...) keep the proxy
            }
            if (value instanceof Result result) {
                return proxy(result, new Delegate(result, abandoned));
            }
            if (value instanceof Publisher<?> publisher) {
                return watch(publisher);
            }
            return value;
        }

        private Flux<?> watch(Publisher<?> publisher) {
            return Flux.from(publisher)
                    .map(item -> item instanceof Result result ? proxy(result, new Delegate(result, abandoned)) : item)
                    .doOnCancel(() -> abandoned.set(true));
        }
    }
}
