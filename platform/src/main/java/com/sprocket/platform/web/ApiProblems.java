package com.sprocket.platform.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Exceptions that render as RFC 9457 problem+json with the right status. */
public final class ApiProblems {

    private ApiProblems() {}

    public static ErrorResponseException notFound(String what, Object id) {
        return of(HttpStatus.NOT_FOUND, "No " + what + " with id " + id + ".");
    }

    public static ErrorResponseException conflict(String detail) {
        return of(HttpStatus.CONFLICT, detail);
    }

    public static ErrorResponseException forbidden(String detail) {
        return of(HttpStatus.FORBIDDEN, detail);
    }

    public static ErrorResponseException preconditionFailed(String detail) {
        return of(HttpStatus.PRECONDITION_FAILED, detail);
    }

    public static ErrorResponseException tooLarge(String detail) {
        return of(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    public static ErrorResponseException unsupportedMediaType(String detail) {
        return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    /** 400 with one field error, the same shape bean validation produces. */
    public static ErrorResponseException invalid(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is not valid.");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    public static ErrorResponseException of(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
