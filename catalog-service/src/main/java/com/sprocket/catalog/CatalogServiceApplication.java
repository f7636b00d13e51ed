package com.sprocket.catalog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Categories, spare parts, vendor media, reviews and inventory alerts. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CatalogServiceApplication {

    /** Its configuration file, {@value}.yaml: unique, so services can share a classpath (see ServiceConfigName). */
    public static final String CONFIG_NAME = "catalog-service";

    public static void main(String[] args) {
        SpringApplication.run(CatalogServiceApplication.class, args);
    }
}
