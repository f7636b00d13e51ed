package com.sprocket.payment;

import com.sprocket.platform.test.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.sprocket.payment", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule features_are_free_of_cycles = ArchitectureRules.featuresFreeOfCycles("com.sprocket.payment");

    @ArchTest
    static final ArchRule nothing_blocks = ArchitectureRules.noBlockingCalls();

    @ArchTest
    static final ArchRule the_payment_decides_without_io = ArchitectureRules.domainIsPure(
            "com.sprocket.payment.payment.Payment",
            "com.sprocket.payment.payment.Payment$Change",
            "com.sprocket.payment.payment.PaymentStatus",
            "com.sprocket.payment.payment.PaymentEvent",
            "com.sprocket.payment.payment.Refund",
            "com.sprocket.payment.webhook.WebhookSignatures");
}
