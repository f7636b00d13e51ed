package com.sprocket.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Error statuses an endpoint answers beyond the ones every endpoint documents (400, 401, 406; 403 when
 * it needs a token; 404 with path variables; 412 with If-Match; 413 and 415 with a body), each
 * documented as an RFC 9457 problem.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemResponses {

    int[] value();
}
