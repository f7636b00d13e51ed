package com.sprocket.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the one envelope every Sprocket topic carries.
 *
 * <p>{@code type} carries a version ({@code part.created.v1}); a breaking change of {@code data}
 * gets a new type, never an edit in place. {@code subject} is the aggregate id, which is also
 * the Kafka key, so the events of one aggregate stay in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        String specversion,
        String id,
        String type,
        String source,
        String subject,
        Instant time,
        String datacontenttype,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        specversion = specversion == null ? SPEC_VERSION : specversion;
        datacontenttype = datacontenttype == null ? "application/json" : datacontenttype;
    }
}
