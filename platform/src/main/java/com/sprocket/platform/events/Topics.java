package com.sprocket.platform.events;

/** Naming rules shared by producers and consumers. */
public final class Topics {

    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {}

    public static String deadLetterOf(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
