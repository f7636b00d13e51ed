package com.sprocket.platform.events;

/**
 * An event of a type this consumer handles, but in a version it does not know ({@code part.updated.v2}
 * where it reads {@code part.updated.v1}). It can never be applied by this build, so it is
 * dead-lettered at once and replayed once the consumer is upgraded.
 */
public class UnknownEventVersionException extends MalformedEventException {

    public UnknownEventVersionException(String type) {
        super("no handler for version " + type + " of a type this consumer reads");
    }
}
