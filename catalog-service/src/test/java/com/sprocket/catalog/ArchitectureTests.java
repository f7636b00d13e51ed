package com.sprocket.catalog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.sprocket.platform.test.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "com.sprocket.catalog", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule features_are_free_of_cycles = ArchitectureRules.featuresFreeOfCycles("com.sprocket.catalog");

    @ArchTest
    static final ArchRule nothing_blocks = ArchitectureRules.noBlockingCalls();

    @ArchTest
    static final ArchRule domain_is_pure = ArchitectureRules.domainIsPure(
            "com.sprocket.catalog.part.SparePart",
            "com.sprocket.catalog.part.Money",
            "com.sprocket.catalog.part.Condition",
            "com.sprocket.catalog.part.PartNumbers",
            "com.sprocket.catalog.review.Review",
            "com.sprocket.catalog.inventory.InventoryAlert",
            "com.sprocket.catalog.category.Category");

    @ArchTest
    static final ArchRule event_payloads_are_records = classes()
            .that()
            .haveSimpleNameEndingWith("Changed")
            .or()
            .haveSimpleNameEndingWith("Deleted")
            .or()
            .haveSimpleName("LowStockDetected")
            .or()
            .haveSimpleName("Restocked")
            .should()
            .beRecords();
}
