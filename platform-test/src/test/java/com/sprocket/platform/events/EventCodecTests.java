package com.sprocket.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTests {

    record Thing(String name, int count) {}

    record ThingView(String name) {}

    private final EventCodec codec = new EventCodec(JsonMapper.builder().build());

    @Test
    void writes_cloudevents_json_and_reads_the_payload_as_the_consumers_own_record() {
        var envelope = new EventEnvelope(
                null,
                "e-1",
                "thing.made.v1",
                "sprocket/test",
                "t-1",
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                codec.toTree(new Thing("bolt", 3)));

        String json = codec.write(envelope);
        EventEnvelope read = codec.read(json);

        assertThat(json).contains("\"specversion\":\"1.0\"", "\"datacontenttype\":\"application/json\"");
        assertThat(read.id()).isEqualTo("e-1");
        assertThat(codec.data(read, ThingView.class).name()).isEqualTo("bolt");
    }

    @Test
    void reports_garbage_and_envelopes_without_data_as_malformed() {
        assertThatThrownBy(() -> codec.read("{nope")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.read(
                        "{\"id\":\"1\",\"type\":\"x.v1\",\"source\":\"s\",\"time\":\"2026-01-01T00:00:00Z\"}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> codec.read("{\"type\":\"x.v1\"}")).isInstanceOf(MalformedEventException.class);
    }
}
