package com.sprocket.catalog.part;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PartNumbersTests {

    @Test
    void ignores_spacing_dashes_dots_and_case() {
        assertThat(PartNumbers.normalize(" 0 986-494.123 ")).isEqualTo("0986494123");
        assertThat(PartNumbers.normalize("bkr6e-11")).isEqualTo("BKR6E11");
        assertThat(PartNumbers.normalize(null)).isEmpty();
    }

    @Test
    void builds_one_searchable_key_without_duplicates_or_blanks() {
        assertThat(PartNumbers.key(List.of("0 986 494 123", "0986-494-123", "--", "W 712/75")))
                .isEqualTo("0986494123 W71275");
    }
}
