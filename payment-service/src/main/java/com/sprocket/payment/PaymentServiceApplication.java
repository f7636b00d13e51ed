package com.sprocket.payment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Payments with the TJ provider: start, webhooks, reconciliation, refunds, saved cards. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentServiceApplication {

    /** Its configuration file, {@value}.yaml: unique, so services can share a classpath (see ServiceConfigName). */
    public static final String CONFIG_NAME = "payment-service";

    public static void main(String[] args) {
        SpringApplication.run(PaymentServiceApplication.class, args);
    }
}
