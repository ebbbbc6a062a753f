package se.samverkan.contracts;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope in structured mode: the whole envelope is the Kafka record value
 * ({@code content-type: application/cloudevents+json}) and the record key is {@link #subject()}.
 */
public record CloudEvent(
        String specversion,
        String id,
        URI source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        URI dataschema,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("Unsupported CloudEvents specversion: " + specversion);
        }
    }

    public UUID eventId() {
        return UUID.fromString(id);
    }
}
