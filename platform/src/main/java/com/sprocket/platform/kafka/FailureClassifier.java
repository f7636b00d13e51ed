package com.sprocket.platform.kafka;

import com.sprocket.platform.events.MalformedEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells a failure that may succeed later (the database or broker is away, a pool or statement timed
 * out) from one that never will (a malformed envelope, a constraint the event violates). Consumers
 * wait out the first kind for as long as it lasts and dead-letter only the second.
 *
 * <p>The cause chain is searched: a {@link #permanent} type anywhere wins, then a {@link #isTransient
 * transient} one; anything else is permanent (retried a few times, then dead-lettered). Both lists can
 * be extended by configuration ({@code sprocket.kafka.transient-exceptions},
 * {@code sprocket.kafka.permanent-exceptions}) with fully qualified class names.
 */
public final class FailureClassifier {

    /**
     * Failures of infrastructure, not of the event. R2DBC's "non-transient resource" exceptions are
     * here on purpose: r2dbc-postgresql raises them for a refused or lost connection (SQLSTATE class
     * 08), an administrator shutdown, a cancelled statement (57014, our statement timeout) and every
     * SQLSTATE it has no better type for. Permission and authentication failures are a misconfiguration
     * that hits every event alike: stalling is right, dead-lettering everything is not.
     */
    static final List<String> TRANSIENT = List.of(
            "io.r2dbc.spi.R2dbcTransientException",
            "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "io.r2dbc.spi.R2dbcPermissionDeniedException",
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.dao.RecoverableDataAccessException",
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.PermissionDeniedDataAccessException",
            "org.springframework.transaction.CannotCreateTransactionException",
            "org.apache.kafka.common.errors.RetriableException",
            "java.util.concurrent.TimeoutException",
            "java.io.IOException");

    static final List<String> PERMANENT = List.of(
            MalformedEventException.class.getName(),
            "org.springframework.dao.DataIntegrityViolationException",
            "io.r2dbc.spi.R2dbcDataIntegrityViolationException",
            "io.r2dbc.spi.R2dbcBadGrammarException",
            "jakarta.validation.ValidationException");

    private final List<Class<?>> transientTypes;
    private final List<Class<?>> permanentTypes;

    public FailureClassifier(List<String> extraTransient, List<String> extraPermanent) {
        this.transientTypes = load(TRANSIENT, extraTransient);
        this.permanentTypes = load(PERMANENT, extraPermanent);
    }

    public static FailureClassifier defaults() {
        return new FailureClassifier(List.of(), List.of());
    }

    /** True when retrying later can succeed: wait, never dead-letter. */
    public boolean isTransient(Throwable failure) {
        return !matches(failure, permanentTypes) && matches(failure, transientTypes);
    }

    /** True when no retry can succeed. */
    public boolean permanent(Throwable failure) {
        return !isTransient(failure);
    }

    private static boolean matches(Throwable failure, List<Class<?>> types) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            for (Class<?> type : types) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Classes that are not on this service's classpath cannot occur here and are skipped. */
    private static List<Class<?>> load(List<String> builtIn, List<String> extra) {
        List<Class<?>> types = new ArrayList<>();
        for (String name : concat(builtIn, extra)) {
            try {
                types.add(Class.forName(name, false, FailureClassifier.class.getClassLoader()));
            } catch (ClassNotFoundException absent) {
                if (extra.contains(name)) {
                    throw new IllegalArgumentException("sprocket.kafka: no exception class " + name, absent);
                }
            }
        }
        return List.copyOf(types);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
