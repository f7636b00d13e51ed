package com.sprocket.catalog.part;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** OEM part numbers are matched without spacing, dashes, dots or case: "0 986-494.123" is "0986494123". */
public final class PartNumbers {

    private PartNumbers() {}

    public static String normalize(String partNumber) {
        return partNumber == null ? "" : partNumber.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /** The searchable key of a part: its normalized numbers, space-separated. */
    public static String key(List<String> partNumbers) {
        return partNumbers.stream()
                .map(PartNumbers::normalize)
                .filter(number -> !number.isEmpty())
                .distinct()
                .collect(Collectors.joining(" "));
    }
}
