package se.samverkan.platform.directory;

import java.util.List;
import java.util.Map;

/** The part of Keycloak's UserRepresentation the directory needs (briefRepresentation=false brings the attributes). */
public record KeycloakUser(String id, String username, String email, boolean enabled, Map<String, List<String>> attributes) {

    public KeycloakUser {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The first value of a single-valued attribute such as agency, municipality or unit, if set. */
    public String attribute(String name) {
        List<String> values = attributes.get(name);
        return values == null || values.isEmpty() || values.getFirst() == null || values.getFirst().isBlank()
                ? null : values.getFirst().trim();
    }
}
