package com.sprocket.identity.user;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * BCrypt (adaptive, cost 10: ~60 ms of CPU per hash). Hashing is deliberately slow, so it runs on
 * boundedElastic and never holds an event-loop thread. Unknown emails are checked against a dummy
 * hash so a login takes as long whether or not the account exists.
 */
@Component
public class PasswordHasher {

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
    private final String dummyHash = encoder.encode("sprocket-timing-equaliser");
    private final io.micrometer.core.instrument.Counter checks;

    PasswordHasher(io.micrometer.core.instrument.MeterRegistry meters) {
        this.checks = io.micrometer.core.instrument.Counter.builder("sprocket.identity.password.checks")
                .description("Passwords checked against an account's hash (what lockout limits)")
                .register(meters);
    }

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * A password longer than BCrypt reads can never have been registered: it does not match, after
     * the same work as a real check (so its length cannot be told from the time either).
     */
    public Mono<Boolean> matches(String password, String hash) {
        boolean tooLong = PasswordPolicy.tooLong(password);
        String against = hash == null || tooLong ? dummyHash : hash;
        String candidate = tooLong ? "sprocket-timing-equaliser" : password;
        if (hash != null) {
            checks.increment();
        }
        return Mono.fromCallable(() -> encoder.matches(candidate, against) && hash != null && !tooLong)
                .subscribeOn(Schedulers.boundedElastic());
    }
}
