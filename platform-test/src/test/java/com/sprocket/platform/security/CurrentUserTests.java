package com.sprocket.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;

class CurrentUserTests {

    private final UUID me = UUID.randomUUID();

    @Test
    void reads_subject_and_known_roles_from_the_token_and_ignores_unknown_ones() {
        CurrentUser user = CurrentUser.of(jwt(me, List.of("vendor", "pirate")));
        assertThat(user.id()).isEqualTo(me);
        assertThat(user.roles()).containsExactly(Role.VENDOR);
        assertThat(user.isAdmin()).isFalse();
    }

    @Test
    void owners_and_admins_may_manage_and_others_get_403() {
        UUID owner = UUID.randomUUID();
        assertThat(CurrentUser.of(jwt(owner, List.of("vendor"))).canManage(owner))
                .isTrue();
        assertThat(CurrentUser.of(jwt(me, List.of("admin"))).canManage(owner)).isTrue();
        assertThat(CurrentUser.of(jwt(me, List.of("super_admin"))).canManage(owner))
                .isTrue();
        assertThat(CurrentUser.GUEST.canManage(owner)).isFalse();
        assertThatThrownBy(() -> CurrentUser.of(jwt(me, List.of("vendor"))).requireOwnerOrAdmin(owner, "parts"))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(403));
    }

    private static Jwt jwt(UUID subject, List<String> roles) {
        return Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject(subject.toString())
                .claim("roles", roles)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60))
                .build();
    }
}
