package com.sprocket.catalog.config;

/** Topics catalog-service publishes (declared with their DLQs through sprocket.kafka.topics). */
public final class Topics {

    public static final String PARTS = "catalog.parts";
    public static final String INVENTORY = "catalog.inventory";

    private Topics() {}
}
