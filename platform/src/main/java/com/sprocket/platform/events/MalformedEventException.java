package com.sprocket.platform.events;

/**
 * An event that can never be processed, however often it is retried: it goes straight to the
 * dead-letter topic with this message as the reason.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
