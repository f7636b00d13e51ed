package com.sprocket.platform.security;

import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * A service's URL-level rules (which role may call which path). Ownership ("own", "related") is
 * checked in the use case with {@link CurrentUser}. Anything not matched requires authentication.
 */
@FunctionalInterface
public interface AuthorizationRules {

    void configure(AuthorizeExchangeSpec exchanges);
}
