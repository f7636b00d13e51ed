package com.sprocket.identity.user;

import com.sprocket.identity.config.IdentityProperties;
import com.sprocket.platform.security.Role;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creates the first super_admin from configuration on first start, when no active super_admin
 * exists. Runs once on the main thread during start-up (not an event loop), so waiting for it is
 * fine and keeps the service from taking traffic before the account exists.
 */
@Component
class SuperAdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SuperAdminBootstrap.class);

    private final IdentityProperties properties;
    private final Users users;
    private final Accounts accounts;
    private final PasswordHasher hasher;

    SuperAdminBootstrap(IdentityProperties properties, Users users, Accounts accounts, PasswordHasher hasher) {
        this.properties = properties;
        this.users = users;
        this.accounts = accounts;
        this.hasher = hasher;
    }

    @Override
    public void run(ApplicationArguments args) {
        String email = properties.bootstrapSuperAdminEmail().strip().toLowerCase(Locale.ROOT);
        String password = properties.bootstrapSuperAdminPassword();
        if (email.isEmpty() || password.isEmpty()) {
            return;
        }
        users.anySuperAdmin()
                .flatMap(exists -> exists ? Mono.<Boolean>empty() : create(email, password))
                .doOnNext(created -> log.info("created the first super_admin {}", email))
                .block(Duration.ofSeconds(30)); // start-up, main thread: see the class comment
    }

    private Mono<Boolean> create(String email, String password) {
        return hasher.hash(password)
                .flatMap(hash -> accounts.create(UUID.randomUUID(), email, hash, "Super admin", Role.SUPER_ADMIN, null))
                .map(user -> true);
    }
}
