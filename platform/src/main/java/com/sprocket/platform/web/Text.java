package com.sprocket.platform.web;

import java.util.List;

/**
 * Normalising request text before it is validated, so a rule like {@code @Size(min = 3)} judges what
 * will be stored ({@code "  ab"} is two characters, not four). Call it in a request record's compact
 * constructor.
 */
public final class Text {

    private Text() {}

    /** Leading and trailing white space removed; null stays null. */
    public static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** Each element stripped; null stays null (null elements are left for validation to report). */
    public static List<String> strip(List<String> values) {
        return values == null ? null : values.stream().map(Text::strip).toList();
    }
}
