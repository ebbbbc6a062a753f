package se.samverkan.deploy.k8s;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of every kind infra/k8s may use (Kubernetes 1.34's OpenAPI, Strimzi 1.2.0's and CloudNativePG 1.30.0's
 * CRDs; deploy/schemas/SOURCES.md), validated with networknt's JSON Schema validator. A kind without a schema is an
 * error, not a pass.
 */
final class ManifestSchemas {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final JsonNode BUNDLE = load();
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ManifestSchemas() {
    }

    /** What is wrong with the object, each with its location; empty when it conforms. */
    static List<String> violations(JsonNode object) {
        String kind = object.path("apiVersion").asString() + " " + object.path("kind").asString();
        String pointer = BUNDLE.path("kinds").path(kind).asString("");
        if (pointer.isEmpty()) {
            return List.of("no schema for " + kind + " (add it to deploy/schemas/make-bundle.py)");
        }
        Schema schema = SCHEMAS.computeIfAbsent(pointer, ref -> {
            ObjectNode root = (ObjectNode) BUNDLE.deepCopy();
            root.put("$ref", ref);
            return REGISTRY.getSchema(root);
        });
        return schema.validate(object).stream().map(Error::toString).toList();
    }

    private static JsonNode load() {
        try (InputStream in = ManifestSchemas.class.getResourceAsStream("/k8s-schemas/bundle.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
