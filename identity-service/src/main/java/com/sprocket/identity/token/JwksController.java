package com.sprocket.identity.token;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.web.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Keys", description = "Public keys of access tokens, and their rotation")
class JwksController {

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @GetMapping({"/.well-known/jwks.json", "/api/identity/.well-known/jwks.json"})
    @Operation(summary = "JWKS: every key a currently valid access token may be signed with")
    Mono<ResponseEntity<Map<String, Object>>> jwks() {
        return keys.jwks()
                .map(body -> ResponseEntity.ok()
                        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                        .body(body));
    }

    @PostMapping("/api/identity/keys/rotate")
    @Operation(summary = "Rotate the signing key now (super_admin); old tokens stay valid until they expire")
    Mono<Map<String, Object>> rotate(CurrentUser user) {
        if (!user.has(Role.SUPER_ADMIN)) {
            return Mono.error(ApiProblems.forbidden("Only a super_admin rotates signing keys."));
        }
        return keys.rotate().map(set -> Map.of("kid", set.kid()));
    }
}
