package com.sprocket.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Checkout and orders: server-priced multi-vendor orders, the stock-reservation saga, fulfilment. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderServiceApplication {

    /** Its configuration file, {@value}.yaml: unique, so services can share a classpath (see ServiceConfigName). */
    public static final String CONFIG_NAME = "order-service";

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }
}
