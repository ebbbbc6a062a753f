package se.samverkan.cases.storedevents;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.function.Function;

/**
 * Case events stored before stable names (payload type = Java class name, no revision) read as revision "1" of their
 * stable name; the JSON is unchanged. First in the chain, so every later upcaster sees stable names only.
 */
public class LegacyClassNamesUpcaster extends SingleEventUpcaster {

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().getRevision() == null
                && StoredEventNames.fromLegacyClassName(representation.getType().getName()).isPresent();
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String name = StoredEventNames.fromLegacyClassName(representation.getType().getName()).orElseThrow();
        return representation.upcastPayload(new SimpleSerializedType(name, "1"), JsonNode.class, Function.identity());
    }
}
