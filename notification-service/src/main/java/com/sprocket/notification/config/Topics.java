package com.sprocket.notification.config;

/** Topic notification-service publishes: notifications created and messages sent. */
public final class Topics {

    public static final String MESSAGES = "notification.messages";

    private Topics() {}
}
