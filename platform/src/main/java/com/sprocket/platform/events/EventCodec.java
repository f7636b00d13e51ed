package com.sprocket.platform.events;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads and writes {@link EventEnvelope}s and their payload records. */
public final class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public JsonNode toTree(Object payload) {
        return mapper.valueToTree(payload);
    }

    public String write(EventEnvelope envelope) {
        return mapper.writeValueAsString(envelope);
    }

    /** Parses an envelope; a record that is not one is a poison message, reported as such. */
    public EventEnvelope read(String json) {
        try {
            EventEnvelope envelope = mapper.readValue(json, EventEnvelope.class);
            if (envelope.data() == null) {
                throw new MalformedEventException("event " + envelope.id() + " has no data");
            }
            return envelope;
        } catch (JacksonException | NullPointerException e) {
            throw new MalformedEventException("not a CloudEvents envelope: " + e.getMessage());
        }
    }

    /** Reads the payload as the consumer's own record (tolerant reader: unknown fields are ignored). */
    public <T> T data(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.data(), type);
        } catch (JacksonException e) {
            throw new MalformedEventException("data of " + envelope.type() + " " + envelope.id() + " does not fit "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    public Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asString());
    }
}
