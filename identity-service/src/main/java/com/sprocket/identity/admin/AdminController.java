package com.sprocket.identity.admin;

import com.sprocket.identity.user.ProfileView;
import com.sprocket.platform.api.ProblemResponses;
import com.sprocket.platform.security.CurrentUser;
import com.sprocket.platform.security.Role;
import com.sprocket.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/identity/users")
@Tag(name = "User administration", description = "Admins manage users; super_admins manage administrators")
@Validated
class AdminController {

    private final UserAdministration administration;

    AdminController(UserAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    @Operation(summary = "List and search users, newest first")
    Mono<Page<ProfileView>> list(
            @RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(required = false) @Pattern(regexp = "customer|vendor|admin|super_admin") String role,
            @RequestParam(required = false) Boolean active,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Size(max = 512) String after) {
        return administration.list(q, role, active, limit, after);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One user")
    Mono<ProfileView> get(@PathVariable UUID id) {
        return administration.get(id);
    }

    @ProblemResponses(409)
    @PostMapping("/{id}/verify-vendor")
    @Operation(summary = "Verify a vendor (sets vendor_verified_at and vendor_verified_by)")
    Mono<ProfileView> verifyVendor(@PathVariable UUID id, CurrentUser admin) {
        return administration.verifyVendor(id, admin);
    }

    @ProblemResponses(409)
    @PostMapping("/{id}/deactivate")
    @Operation(summary = "Deactivate a user and revoke their refresh tokens")
    Mono<ProfileView> deactivate(@PathVariable UUID id, CurrentUser admin) {
        return administration.deactivate(id, admin);
    }

    @ProblemResponses(409)
    @PostMapping("/{id}/activate")
    @Operation(summary = "Reactivate a deactivated user: they may log in again (a vendor's parts return to sale)")
    Mono<ProfileView> reactivate(@PathVariable UUID id, CurrentUser admin) {
        return administration.reactivate(id, admin);
    }

    @ProblemResponses(409)
    @PutMapping("/{id}/role")
    @Operation(summary = "Change a user's role (admin and super_admin only by a super_admin; never your own)")
    Mono<ProfileView> changeRole(@PathVariable UUID id, @Valid @RequestBody ChangeRole request, CurrentUser actor) {
        return administration.changeRole(id, Role.fromClaim(request.role()).orElseThrow(), actor);
    }
}
