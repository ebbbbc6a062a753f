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

    private ContractSchemas() {
    }

    /** Violations of the type's schema by {@code data}; empty when it conforms. */
    public static List<String> violations(String type, JsonNode data) {
        Schema schema = SCHEMAS.computeIfAbsent(type, ContractSchemas::load);
        return schema.validate(data).stream().map(Error::toString).toList();
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
