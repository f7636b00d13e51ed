package com.sprocket.platform.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Proves BlockHound is installed in test JVMs: blocking on a non-blocking thread fails loudly. */
class BlockHoundTests {

    @Test
    void blocking_on_a_reactor_thread_is_detected() {
        Mono<Void> sleepy = Mono.<Void>fromRunnable(() -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .subscribeOn(Schedulers.parallel());

        assertThatThrownBy(sleepy::block).hasMessageContaining("Blocking call");
    }
}
