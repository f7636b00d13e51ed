package com.sprocket.cart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** User and guest carts, merge on login, guest cleanup, live sync across devices. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CartServiceApplication {

    /** Its configuration file, {@value}.yaml: unique, so services can share a classpath (see ServiceConfigName). */
    public static final String CONFIG_NAME = "cart-service";

    public static void main(String[] args) {
        SpringApplication.run(CartServiceApplication.class, args);
    }
}
