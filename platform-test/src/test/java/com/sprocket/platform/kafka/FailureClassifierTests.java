package com.sprocket.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sprocket.platform.events.MalformedEventException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailureClassifierTests {

    private final FailureClassifier classifier = FailureClassifier.defaults();

    @Test
    void waits_out_a_database_or_broker_that_is_away() {
        assertThat(classifier.isTransient(wrapped(new CannotCreateTransactionException(
                        "no connection", new R2dbcNonTransientResourceException("Connection refused")))))
                .isTrue();
        assertThat(classifier.isTransient(
                        wrapped(new DataAccessResourceFailureException("lost", new ConnectException("refused")))))
                .isTrue();
        assertThat(classifier.isTransient(wrapped(new R2dbcTimeoutException("pool acquire timed out"))))
                .isTrue();
        assertThat(classifier.isTransient(wrapped(new TimeoutException("handler took too long"))))
                .isTrue();
        assertThat(classifier.isTransient(
                        wrapped(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moving"))))
                .isTrue();
    }

    @Test
    void dead_letters_what_can_never_pass() {
        assertThat(classifier.isTransient(wrapped(new MalformedEventException("not an envelope"))))
                .isFalse();
        assertThat(classifier.isTransient(wrapped(new DataIntegrityViolationException(
                        "check violated", new R2dbcDataIntegrityViolationException("23514")))))
                .isFalse();
        assertThat(classifier.isTransient(wrapped(new IllegalStateException("a bug"))))
                .isFalse();
    }

    @Test
    void a_permanent_cause_wins_over_a_transient_one_in_the_same_chain() {
        var mixed = new MalformedEventException("bad");
        mixed.initCause(new ConnectException("refused"));
        assertThat(classifier.isTransient(wrapped(mixed))).isFalse();
    }

    @Test
    void configuration_adds_types_and_refuses_unknown_ones() {
        var custom = new FailureClassifier(List.of("java.lang.IllegalStateException"), List.of());
        assertThat(custom.isTransient(wrapped(new IllegalStateException("warming up"))))
                .isTrue();
        assertThatThrownBy(() -> new FailureClassifier(List.of("com.example.Nope"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.example.Nope");
    }

    private static Exception wrapped(Throwable cause) {
        return new ListenerExecutionFailedException("listener failed", cause);
    }
}
