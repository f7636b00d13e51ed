package com.sprocket.platform.app;

import com.sprocket.platform.security.AuthorizationRules;
import com.sprocket.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A public endpoint that says which thread handled it (after resolving the caller, as real handlers do). */
@RestController
class ThreadController {

    @Operation(summary = "The thread that handled this request")
    @GetMapping("/public/thread")
    Mono<Map<String, String>> thread(CurrentUser user) {
        return Mono.fromSupplier(
                () -> Map.of("thread", Thread.currentThread().getName(), "guest", String.valueOf(user.isGuest())));
    }

    @Component
    static class Rules {

        @Bean
        AuthorizationRules publicThread() {
            return exchanges ->
                    exchanges.pathMatchers(HttpMethod.GET, "/public/thread").permitAll();
        }
    }
}
