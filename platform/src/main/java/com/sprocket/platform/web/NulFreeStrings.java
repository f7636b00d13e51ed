package com.sprocket.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * PostgreSQL cannot store U+0000 in text, so a JSON string carrying it would fail deep in a query.
 * Refused while reading the body instead: a 400 with the field, like any other malformed input.
 */
final class NulFreeStrings extends SimpleModule {

    NulFreeStrings() {
        super("sprocket-nul-free-strings");
        addDeserializer(String.class, new Deserializer());
    }

    private static final class Deserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                return (String) context.handleWeirdStringValue(String.class, value, "contains U+0000 (NUL)");
            }
            return value;
        }
    }
}
