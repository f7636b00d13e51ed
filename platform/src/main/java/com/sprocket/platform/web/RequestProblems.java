package com.sprocket.platform.web;

import java.net.URI;
import java.util.Locale;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.server.ServerWebExchange;

/** Wording and status for requests the framework refuses before our code sees them. */
final class RequestProblems {

    private RequestProblems() {}

    /** The request path as the problem's {@code instance}; a path that is not a valid URI is left out. */
    static URI instance(ServerWebExchange exchange) {
        try {
            return URI.create(exchange.getRequest().getPath().value());
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    static String rejected(ServerExchangeRejectedException ex) {
        String reason = ex.getMessage() == null ? "" : " " + ex.getMessage();
        return "The request was rejected:" + reason;
    }

    /** Multipart limits are 413; anything else the codecs cannot read is 400. */
    static HttpStatus statusOf(DecodingException ex) {
        String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("too many parts") || message.contains("exceeded") || message.contains("too large")
                ? HttpStatus.CONTENT_TOO_LARGE
                : HttpStatus.BAD_REQUEST;
    }

    static String detailOf(DecodingException ex, HttpStatus status) {
        return status == HttpStatus.CONTENT_TOO_LARGE
                ? "The request has too many parts or a part is too large."
                : "The request body cannot be read for this endpoint.";
    }
}
