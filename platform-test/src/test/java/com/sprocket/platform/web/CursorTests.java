package com.sprocket.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class CursorTests {

    @Test
    void round_trips_sort_values() {
        String cursor = Cursor.encode(List.of("PRICE_ASC", "4999", "b3c1"));
        assertThat(Cursor.decode(cursor, 3)).containsExactly("PRICE_ASC", "4999", "b3c1");
    }

    @Test
    void rejects_tampered_cursors_as_bad_requests() {
        assertThatThrownBy(() -> Cursor.decode("%%%not-base64", 3))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
        assertThatThrownBy(() -> Cursor.decode(Cursor.encode(List.of("only-one")), 3))
                .isInstanceOf(ErrorResponseException.class);
    }
}
