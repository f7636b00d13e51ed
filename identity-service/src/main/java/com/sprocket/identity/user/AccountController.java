package com.sprocket.identity.user;

import com.sprocket.platform.api.ApiAccess;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/identity")
@Tag(name = "Account", description = "Sign-up, login, tokens and your own profile")
class AccountController {

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @ProblemResponses(409)
    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a customer or a vendor applicant; returns tokens and the profile")
    Mono<Session> register(@Valid @RequestBody Register request) {
        return accounts.register(request);
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @PostMapping("/login")
    @Operation(summary = "Log in; returns tokens and the profile in one response")
    Mono<Session> login(@Valid @RequestBody Login request) {
        return accounts.login(request);
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @PostMapping("/refresh")
    @Operation(summary = "Exchange a refresh token for new tokens (rotation; a reused token revokes its family)")
    Mono<Session> refresh(@Valid @RequestBody RefreshRequest request) {
        return accounts.refresh(request.refreshToken());
    }

    @ApiAccess(ApiAccess.Level.PUBLIC)
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke the refresh token's whole family")
    Mono<Void> logout(@Valid @RequestBody RefreshRequest request) {
        return accounts.logout(request.refreshToken());
    }

    @ProblemResponses(404)
    @GetMapping("/me")
    @Operation(summary = "Your profile (created just in time if missing)")
    Mono<ProfileView> me(CurrentUser user, @AuthenticationPrincipal Jwt token) {
        return accounts.me(user, token);
    }

    @ProblemResponses(404)
    @PatchMapping("/me")
    @Operation(summary = "Change your display name (vendors: company)")
    Mono<ProfileView> updateMe(CurrentUser user, @Valid @RequestBody UpdateProfile changes) {
        return accounts.updateMe(user, changes);
    }

    record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {}
}
