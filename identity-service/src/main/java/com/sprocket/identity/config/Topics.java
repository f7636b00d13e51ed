package com.sprocket.identity.config;

/** Topic identity-service publishes (declared with its DLQ through sprocket.kafka.topics). */
public final class Topics {

    public static final String USERS = "identity.users";

    private Topics() {}
}
