package com.sprocket.order;

import com.sprocket.platform.test.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.sprocket.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule features_are_free_of_cycles = ArchitectureRules.featuresFreeOfCycles("com.sprocket.order");

    @ArchTest
    static final ArchRule nothing_blocks = ArchitectureRules.noBlockingCalls();

    @ArchTest
    static final ArchRule the_order_and_pricing_decide_without_io = ArchitectureRules.domainIsPure(
            "com.sprocket.order.order.Order",
            "com.sprocket.order.order.Order$Change",
            "com.sprocket.order.order.OrderEvent",
            "com.sprocket.order.order.CheckoutRules",
            "com.sprocket.order.order.Shipment",
            "com.sprocket.order.order.PaymentStatus",
            "com.sprocket.order.order.OrderStatus",
            "com.sprocket.order.pricing.Pricing",
            "com.sprocket.order.pricing.ShippingZone",
            "com.sprocket.order.pricing.ShippingMethod");
}
