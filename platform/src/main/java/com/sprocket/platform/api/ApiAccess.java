package com.sprocket.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an endpoint, as its OpenAPI document says (the security rules themselves live in each
 * service's {@code AuthorizationRules} and use cases). On a controller or a handler method; a
 * method's wins. Without it an endpoint needs a bearer token.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ApiAccess {

    Level value();

    enum Level {
        /** Anyone; a bearer token is optional (checked when sent, and may widen what is shown). */
        PUBLIC,
        /** A signed-in user's bearer token. */
        USER,
        /** A signed-in user's bearer token, or a guest cart's {@code X-Cart-Token}. */
        USER_OR_CART_TOKEN,
        /**
         * As {@link #USER_OR_CART_TOKEN}, or neither when the request carries a short-lived single-use
         * ticket in its query (for clients that cannot send headers, such as a browser's EventSource).
         */
        USER_CART_TOKEN_OR_TICKET,
        /** A signed-in user's bearer token, or a guest order's {@code X-Order-Token} (shown once at checkout). */
        USER_OR_ORDER_TOKEN,
        /** No token: the caller proves itself otherwise (a provider's signature on a webhook). */
        SIGNED
    }
}
