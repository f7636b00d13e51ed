package com.sprocket.platform.api;

import com.sprocket.platform.security.CurrentUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * Every service's OpenAPI document tells the truth the same way: its title, version and description;
 * the bearer-token and cart-token security schemes and, per operation, which one it takes
 * ({@link ApiAccess}); the RFC 9457 problem responses it can give ({@link ProblemResponses} plus the
 * ones implied by its shape); nullability and required fields of records ({@link RecordSchemas}); and
 * no parameter for arguments the framework injects ({@link CurrentUser}).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
public class ApiDocumentation {

    public static final String BEARER = "bearer";
    public static final String CART_TOKEN = "cartToken";
    public static final String CART_TOKEN_HEADER = "X-Cart-Token";
    public static final String ORDER_TOKEN = "orderToken";
    public static final String ORDER_TOKEN_HEADER = "X-Order-Token";
    static final String PROBLEM = "#/components/schemas/Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final Map<Integer, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(400, "Invalid request: malformed input, or field errors listed in `errors`"),
            Map.entry(401, "No valid credentials: the bearer token (or cart token) is missing, expired or not ours"),
            Map.entry(403, "Not allowed: your role may not do this, or the resource is not yours"),
            Map.entry(404, "No such resource (or not visible to you)"),
            Map.entry(406, "None of the media types in Accept can be produced"),
            Map.entry(409, "Conflicts with the current state of the resource"),
            Map.entry(412, "If-Match names a version that is no longer current; reload and retry"),
            Map.entry(413, "The request body, or one of its parts, is too large"),
            Map.entry(415, "The request body's Content-Type is not accepted here"),
            Map.entry(
                    422, "Well-formed but not processable (for example, an Idempotency-Key reused with another body)"),
            Map.entry(429, "Too many requests; retry after the time given in Retry-After"),
            Map.entry(503, "Temporarily unavailable; retry after the time given in Retry-After"));

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class);
    }

    @Bean
    RecordSchemas recordSchemas() {
        return new RecordSchemas();
    }

    @Bean
    OpenAPI sprocketOpenApi(
            @Value("${spring.application.name}") String application,
            @Value("${sprocket.api.version:0.1.0}") String version,
            @Value("${sprocket.api.description:}") String description) {
        return new OpenAPI()
                .info(new Info()
                        .title("Sprocket " + application)
                        .version(version)
                        .description(description.isBlank() ? "Sprocket " + application : description)
                        .license(new License().name("Proprietary: Sprocket marketplace")))
                .servers(List.of(new Server().url("/").description("Through the gateway, or the service itself")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("Access token from identity-service (login, register, refresh)"))
                        .addSecuritySchemes(
                                CART_TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(CART_TOKEN_HEADER)
                                        .description("A guest cart's secret token (from POST /api/carts/guest)"))
                        .addSecuritySchemes(
                                ORDER_TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(ORDER_TOKEN_HEADER)
                                        .description("A guest order's secret access token (shown once, at checkout)"))
                        .addSchemas("Problem", problemSchema())
                        .addSchemas("FieldError", fieldErrorSchema()));
    }

    @Bean
    OperationCustomizer sprocketOperations() {
        return (operation, handler) -> {
            ApiAccess.Level access = access(handler);
            operation.setSecurity(security(access));
            if ((access == ApiAccess.Level.USER_OR_CART_TOKEN || access == ApiAccess.Level.USER_CART_TOKEN_OR_TICKET)
                    && operation.getParameters() != null) {
                operation
                        .getParameters()
                        .removeIf(parameter -> CART_TOKEN_HEADER.equalsIgnoreCase(parameter.getName()));
            }
            if (access == ApiAccess.Level.USER_OR_ORDER_TOKEN && operation.getParameters() != null) {
                operation
                        .getParameters()
                        .removeIf(parameter -> ORDER_TOKEN_HEADER.equalsIgnoreCase(parameter.getName()));
            }
            for (int status : statuses(operation, handler, access)) {
                addProblem(operation, status);
            }
            return operation;
        };
    }

    /**
     * Every operation's problem responses point at one schema (springdoc's own error shape is dropped),
     * and a security scheme no operation takes is not declared.
     */
    @Bean
    OpenApiCustomizer sprocketDocument() {
        return document -> {
            if (document.getComponents() == null) {
                return;
            }
            if (document.getComponents().getSchemas() != null) {
                document.getComponents().getSchemas().remove("ProblemDetail");
            }
            java.util.Set<String> used = new java.util.HashSet<>();
            if (document.getPaths() != null) {
                document.getPaths()
                        .values()
                        .forEach(path -> path.readOperations().forEach(operation -> {
                            if (operation.getSecurity() != null) {
                                operation.getSecurity().forEach(requirement -> used.addAll(requirement.keySet()));
                            }
                        }));
            }
            if (document.getComponents().getSecuritySchemes() != null) {
                document.getComponents().getSecuritySchemes().keySet().retainAll(used);
            }
        };
    }

    private static ApiAccess.Level access(HandlerMethod handler) {
        ApiAccess onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ApiAccess.class);
        ApiAccess onType = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), ApiAccess.class);
        return onMethod != null ? onMethod.value() : onType != null ? onType.value() : ApiAccess.Level.USER;
    }

    private static List<SecurityRequirement> security(ApiAccess.Level access) {
        return switch (access) {
            case PUBLIC -> List.of(new SecurityRequirement(), new SecurityRequirement().addList(BEARER));
            case USER -> List.of(new SecurityRequirement().addList(BEARER));
            case USER_OR_CART_TOKEN ->
                List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(CART_TOKEN));
            case USER_CART_TOKEN_OR_TICKET ->
                List.of(
                        new SecurityRequirement().addList(BEARER),
                        new SecurityRequirement().addList(CART_TOKEN),
                        new SecurityRequirement());
            case USER_OR_ORDER_TOKEN ->
                List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(ORDER_TOKEN));
            case SIGNED -> List.of();
        };
    }

    private static List<Integer> statuses(Operation operation, HandlerMethod handler, ApiAccess.Level access) {
        List<Integer> statuses = new ArrayList<>(List.of(400, 401, 406));
        if (access == ApiAccess.Level.USER) {
            statuses.add(403);
        }
        if (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> "path".equals(parameter.getIn()))) {
            statuses.add(404);
        }
        if (operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(parameter -> "If-Match".equalsIgnoreCase(parameter.getName()))) {
            statuses.add(412);
        }
        if (operation.getRequestBody() != null) {
            statuses.add(413);
            statuses.add(415);
        }
        ProblemResponses extra =
                AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ProblemResponses.class);
        ProblemResponses extraOnType =
                AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), ProblemResponses.class);
        for (ProblemResponses declared : new ProblemResponses[] {extra, extraOnType}) {
            if (declared != null) {
                for (int status : declared.value()) {
                    statuses.add(status);
                }
            }
        }
        return statuses;
    }

    private static void addProblem(Operation operation, int status) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        String code = String.valueOf(status);
        if (!responses.containsKey(code) || responses.get(code).getContent() == null) {
            responses.addApiResponse(
                    code,
                    new ApiResponse()
                            .description(DESCRIPTIONS.getOrDefault(
                                    status, HttpStatus.valueOf(status).getReasonPhrase()))
                            .content(new Content()
                                    .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
        }
        operation.setResponses(sorted(responses));
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses ordered = new ApiResponses();
        new TreeMap<>(responses).forEach(ordered::addApiResponse);
        return ordered;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        Map<String, Schema> properties = new java.util.LinkedHashMap<>();
        properties.put(
                "type",
                new StringSchema().description("A URI naming the problem type; about:blank for plain HTTP statuses"));
        properties.put("title", new StringSchema().description("Short summary of the problem type"));
        properties.put("status", new IntegerSchema().format("int32").description("The HTTP status"));
        properties.put("detail", new StringSchema().description("What went wrong with this request"));
        properties.put("instance", new StringSchema().description("The request path"));
        properties.put(
                "errors",
                new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/FieldError"))
                        .description("Field-level messages of a validation failure"));
        properties.put(
                "currentVersion",
                new IntegerSchema()
                        .format("int32")
                        .description("On a conflict about versions: the version the resource is at now"));
        properties.put(
                "paymentId",
                new StringSchema()
                        .format("uuid")
                        .description("On a conflict about an order's payment: the payment it already has"));
        return new ObjectSchema()
                .description("An RFC 9457 problem (application/problem+json)")
                .properties(properties)
                .required(List.of("status"));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema fieldErrorSchema() {
        Map<String, Schema> properties = new java.util.LinkedHashMap<>();
        properties.put("field", new StringSchema().description("The request field, parameter or header"));
        properties.put("message", new StringSchema().description("What is wrong with it"));
        return new ObjectSchema()
                .description("One invalid field")
                .properties(properties)
                .required(List.of("field", "message"));
    }
}
