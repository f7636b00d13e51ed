package com.sprocket.platform.api;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Truthful schemas for Java records, in both directions: a component is required and never null,
 * unless it is annotated {@code @Nullable} (jspecify), in which case it may be absent or null. So a
 * response field the code can leave empty must say so in its type, and the document follows.
 */
final class RecordSchemas implements ModelConverter {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Class<?> raw = rawClass(type);
        if (raw == Object.class) {
            return new Schema<>().description("Any JSON value"); // not "type: object": a string is fine too
        }
        Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        if (resolved == null || raw == null || !raw.isRecord()) {
            return resolved;
        }
        Schema model = model(resolved, context);
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        Map<String, Schema> properties = model.getProperties();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : raw.getRecordComponents()) {
            Schema property = properties.get(component.getName());
            if (property == null) {
                continue;
            }
            if (anyValueMap(component)) {
                property.setAdditionalProperties(Boolean.TRUE); // Map<String, Object>: values of any JSON type
            }
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                properties.put(component.getName(), nullable(property));
            } else {
                required.add(component.getName());
            }
        }
        model.setRequired(required.isEmpty() ? null : required);
        return resolved;
    }

    private static boolean anyValueMap(RecordComponent component) {
        return component.getGenericType() instanceof java.lang.reflect.ParameterizedType map
                && Map.class.isAssignableFrom(component.getType())
                && map.getActualTypeArguments().length == 2
                && map.getActualTypeArguments()[1] == Object.class;
    }

    @SuppressWarnings("rawtypes")
    private static Schema model(Schema resolved, ModelConverterContext context) {
        String ref = resolved.get$ref();
        if (ref == null) {
            return resolved;
        }
        return context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** OpenAPI 3.0: a reference cannot carry {@code nullable}, so it is wrapped in an allOf. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (property.get$ref() != null) {
            ComposedSchema wrapper = new ComposedSchema();
            wrapper.addAllOfItem(new Schema<>().$ref(property.get$ref()));
            wrapper.setType("object"); // "nullable" needs a type beside it (OpenAPI 3.0; Redocly checks)
            wrapper.setNullable(true);
            wrapper.setDescription(property.getDescription());
            return wrapper;
        }
        property.setNullable(true);
        return property;
    }

    private static Class<?> rawClass(AnnotatedType type) {
        if (type.getType() == null) {
            return null;
        }
        try {
            return Json.mapper().constructType(type.getType()).getRawClass();
        } catch (RuntimeException unknown) {
            return null;
        }
    }
}
