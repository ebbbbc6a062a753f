package se.samverkan.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Turns integration events into CloudEvents (structured JSON mode) and back. Optional fields are omitted
 * rather than written as null, and unknown fields are ignored, so additive changes within a version are safe.
 */
public final class CloudEventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(inclusion -> inclusion
                    .withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final URI source;

    /** @param source the producing service, e.g. {@code /samverkan/case-service} */
    public CloudEventCodec(URI source) {
        this.source = source;
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public CloudEvent wrap(UUID eventId, Instant time, IntegrationEvent data) {
        EventTypes.Entry entry = EventTypes.of(data);
        return new CloudEvent(CloudEvent.SPEC_VERSION, eventId.toString(), source, entry.type(), data.subject(),
                time.truncatedTo(ChronoUnit.MILLIS), "application/json", entry.schemaUri(), MAPPER.valueToTree(data));
    }

    public static byte[] toBytes(CloudEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static String toJson(CloudEvent event) {
        return new String(toBytes(event), StandardCharsets.UTF_8);
    }

    /** @throws MalformedEventException when the bytes are not a CloudEvent this system understands */
    public static CloudEvent fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        try {
            CloudEvent event = MAPPER.readValue(bytes, CloudEvent.class);
            event.eventId();
            return event;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not a CloudEvents 1.0 JSON envelope", e);
        }
    }

    /** The typed data of a known event type. */
    public static IntegrationEvent data(CloudEvent event) {
        EventTypes.Entry entry = EventTypes.byType(event.type())
                .orElseThrow(() -> new MalformedEventException("unknown event type " + event.type()));
        return dataAs(event, entry.javaType());
    }

    public static <T extends IntegrationEvent> T dataAs(CloudEvent event, Class<T> type) {
        try {
            return MAPPER.treeToValue(event.data(), type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedEventException("data of " + event.type() + " does not match its contract", e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
