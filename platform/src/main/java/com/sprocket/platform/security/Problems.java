package com.sprocket.platform.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

final class Problems {

    private Problems() {}

    static ProblemDetail detail(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }
}
