package com.sprocket.platform.web;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import tools.jackson.databind.ObjectMapper;

/** problem+json error handling and the {@code CurrentUser} controller argument. */
@AutoConfiguration
@Import(ProblemHandling.class)
public class WebConfiguration implements WebFluxConfigurer {

    private final ObjectProvider<Validator> validator;

    public WebConfiguration(ObjectProvider<Validator> validator) {
        this.validator = validator;
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CurrentUserArgumentResolver());
        configurer.addCustomResolver(new QueryObjectResolver(validator));
    }

    @Bean
    ProblemWriter problemWriter(ObjectMapper mapper) {
        return new ProblemWriter(mapper);
    }

    /** Registered with every service's JSON mapper by Spring Boot. */
    @Bean
    tools.jackson.databind.JacksonModule nulFreeStrings() {
        return new NulFreeStrings();
    }

    @Bean
    NulRejection nulRejection(ProblemWriter problems) {
        return new NulRejection(problems);
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "reactor.netty.http.server.HttpServer")
    org.springframework.boot.reactor.netty.NettyServerCustomizer malformedRequestLines() {
        return MalformedRequestLines.customizer();
    }

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(ProblemWriter problems) {
        return new ProblemWebExceptionHandler(problems);
    }

    /** The security firewall's eager checks (path, method, host) answer problem+json 400 too. */
    @Bean
    ServerExchangeRejectedHandler problemExchangeRejectedHandler(ProblemWriter problems) {
        return (exchange, rejected) -> problems.write(
                exchange, org.springframework.http.HttpStatus.BAD_REQUEST, RequestProblems.rejected(rejected));
    }

    /**
     * Hibernate Validator reads its message bundles from the jar the first time a constraint fails,
     * which would block an event-loop thread on the first bad request (BlockHound caught it). One
     * failing validation at start-up, on the main thread, loads and caches them.
     */
    @Bean
    SmartInitializingSingleton validationMessagesWarmUp(ObjectProvider<Validator> validator) {
        return () -> validator.ifAvailable(v -> v.validate(new WarmUp(null, 0)));
    }

    record WarmUp(@NotNull String value, @Min(1) int number) {}
}
