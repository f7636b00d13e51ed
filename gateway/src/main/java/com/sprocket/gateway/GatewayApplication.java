package com.sprocket.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The single entry point of the PWA and the payment provider into Sprocket. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** Its configuration file, {@value}.yaml: unique, so services can share a classpath (see ServiceConfigName). */
    public static final String CONFIG_NAME = "gateway";

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
