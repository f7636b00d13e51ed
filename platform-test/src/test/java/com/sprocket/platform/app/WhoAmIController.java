package com.sprocket.platform.app;

import com.sprocket.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Who the caller is: a signed-in endpoint for the security tests. */
@RestController
class WhoAmIController {

    @Operation(summary = "Who the caller is")
    @GetMapping("/whoami")
    Mono<Map<String, String>> whoami(CurrentUser user) {
        return Mono.just(Map.of("id", String.valueOf(user.id())));
    }
}
