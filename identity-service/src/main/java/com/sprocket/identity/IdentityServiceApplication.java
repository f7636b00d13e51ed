package com.sprocket.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** User profiles, roles, vendor verification, login, refresh tokens and the JWKS of Sprocket's access tokens. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IdentityServiceApplication {

    /** Its configuration file, {@value}.yaml: unique, so services can share a classpath (see ServiceConfigName). */
    public static final String CONFIG_NAME = "identity-service";

    public static void main(String[] args) {
        SpringApplication.run(IdentityServiceApplication.class, args);
    }
}
