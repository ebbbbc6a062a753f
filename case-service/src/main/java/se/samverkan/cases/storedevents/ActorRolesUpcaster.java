package se.samverkan.cases.storedevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.Locale;

/**
 * Revision 1 → 2 of every case event: {@code by} was the platform's {@code Actor}, whose roles were the Java constant
 * names of its {@code Role} enum ({@code SOCIAL_WORKER}); revision 2 stores the domain's {@code ActedBy} with the
 * realm's role names ({@code social-worker}). Same fields otherwise, so only the roles change. {@code by} is never
 * sealed, so sealed values pass through untouched and still open with their subject's key afterwards.
 * Deliberately knows no Java types: the rule is written against the stored JSON, so it holds after the enum changes.
 */
public class ActorRolesUpcaster extends SingleEventUpcaster {

    static final String FROM = "1";
    static final String TO = "2";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return FROM.equals(representation.getType().getRevision())
                && StoredEventNames.names().contains(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), TO),
                JsonNode.class, ActorRolesUpcaster::realmRoleNames);
    }

    static JsonNode realmRoleNames(JsonNode event) {
        if (event.path("by").path("roles") instanceof ArrayNode roles) {
            ArrayNode renamed = roles.arrayNode();
            roles.forEach(role -> renamed.add(TextNode.valueOf(role.asText().toLowerCase(Locale.ROOT).replace('_', '-'))));
            ((ObjectNode) event.get("by")).set("roles", renamed);
        }
        return event;
    }
}
