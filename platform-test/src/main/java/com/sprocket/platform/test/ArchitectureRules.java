package com.sprocket.platform.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** Architecture rules every service checks in its {@code ArchitectureTests}. */
public final class ArchitectureRules {

    private ArchitectureRules() {}

    /** Feature packages ({@code <base>.<feature>..}) may use each other, but never in a cycle. */
    public static ArchRule featuresFreeOfCycles(String basePackage) {
        return slices().matching(basePackage + ".(*)..").should().beFreeOfCycles();
    }

    /**
     * No {@code block()} in main code: blocking belongs to adapters that say why (the platform's Kafka
     * consumer). Start-up runners run once on the main thread, before traffic, and may wait.
     */
    public static ArchRule noBlockingCalls() {
        return noClasses()
                .that()
                .doNotImplement(org.springframework.boot.ApplicationRunner.class)
                .should()
                .callMethod(reactor.core.publisher.Mono.class, "block")
                .orShould()
                .callMethod(reactor.core.publisher.Flux.class, "blockFirst")
                .orShould()
                .callMethod(reactor.core.publisher.Flux.class, "blockLast")
                .orShould()
                .callMethod(Thread.class, "sleep", long.class)
                .because("nothing may block a Netty event loop");
    }

    /** Domain types (named explicitly) stay free of web, Reactor and Kafka types. */
    public static ArchRule domainIsPure(String... domainClassNames) {
        return noClasses()
                .that()
                .haveFullyQualifiedName(domainClassNames[0])
                .or()
                .haveNameMatching(
                        String.join("|", domainClassNames).replace(".", "\\.").replace("$", "\\$"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "reactor..",
                        "org.apache.kafka..",
                        "org.springframework.r2dbc..");
    }
}
