package com.sprocket.catalog.part;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The condition a part is sold in. */
public enum Condition {
    NEW,
    USED,
    REFURBISHED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Condition of(String code) {
        for (Condition condition : values()) {
            if (condition.code().equalsIgnoreCase(code)) {
                return condition;
            }
        }
        throw new IllegalArgumentException("condition must be one of new, used, refurbished");
    }
}
