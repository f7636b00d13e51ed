package com.sprocket.cart;

import com.sprocket.platform.test.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.sprocket.cart", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule features_are_free_of_cycles = ArchitectureRules.featuresFreeOfCycles("com.sprocket.cart");

    @ArchTest
    static final ArchRule nothing_blocks = ArchitectureRules.noBlockingCalls();

    @ArchTest
    static final ArchRule the_cart_decides_without_io = ArchitectureRules.domainIsPure(
            "com.sprocket.cart.cart.Cart",
            "com.sprocket.cart.cart.Cart$Change",
            "com.sprocket.cart.cart.Cart$Merge",
            "com.sprocket.cart.cart.CartLine",
            "com.sprocket.cart.cart.CartException",
            "com.sprocket.cart.cart.CartChanged");
}
