package se.samverkan.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checked-in JSON Schema of each event type and its frozen example, for producer- and consumer-side checks.
 */
public final class ContractSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<String, Schema> CLOSED_SCHEMAS = new ConcurrentHashMap<>();
    private static final java.util.Set<String> TESTS_ONLY = java.util.Set.of("if", "not", "contains", "propertyNames");

    private ContractSchemas() {
    }

    /** Violations of the type's schema by {@code data}; empty when it conforms. */
    public static List<String> violations(String type, JsonNode data) {
        Schema schema = SCHEMAS.computeIfAbsent(type, ContractSchemas::load);
        return schema.validate(data).stream().map(Error::toString).toList();
    }

    /**
     * Violations as a producer must see them: every object the schema lists properties for is closed. A consumer reads
     * leniently (a field added within a version is allowed, design.md), but what a producer adds without a schema
     * change is what nobody reviewed, and an event is kept for ever (the audit log, every consumer): a record that
     * grew a {@code subjectName} would otherwise pass. Objects the schema leaves open (no properties listed, or an
     * explicit {@code additionalProperties}) stay open.
     */
    public static List<String> producerViolations(String type, JsonNode data) {
        Schema schema = CLOSED_SCHEMAS.computeIfAbsent(type, t -> REGISTRY.getSchema(closed(schemaNode(t).deepCopy())));
        return schema.validate(data).stream().map(Error::toString).toList();
    }

    private static JsonNode closed(JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            // a condition or a negation only tests the data: closed, it would fail where the object it tests is valid
            object.properties().stream().filter(member -> !TESTS_ONLY.contains(member.getKey()))
                    .forEach(member -> closed(member.getValue()));
        } else if (node.isArray()) {
            node.values().forEach(ContractSchemas::closed);
        }
        return node;
    }

    public static JsonNode schemaNode(String type) {
        return readTree(entry(type).schemaResource());
    }

    /** The frozen example of the type's data, as checked in. */
    public static JsonNode example(String type) {
        return readTree("/se/samverkan/contracts/examples/" + type + ".json");
    }

    private static Schema load(String type) {
        return REGISTRY.getSchema(schemaNode(type));
    }

    private static EventTypes.Entry entry(String type) {
        return EventTypes.byType(type).orElseThrow(() -> new IllegalArgumentException("unknown event type " + type));
    }

    private static JsonNode readTree(String resource) {
        try (InputStream in = ContractSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing contract resource " + resource);
            }
            return CloudEventCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
