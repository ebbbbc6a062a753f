package se.samverkan.localstack;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The demo users as the realm file defines them, so the launcher's banner can never disagree with Keycloak. */
public record DemoUsers(List<User> users) {

    public record User(String username, String roles, String agency, String municipality, String unit) {
    }

    public static DemoUsers fromRealm(Path realmFile) {
        JsonNode realm = JsonMapper.builder().build().readTree(realmFile.toFile());
        List<User> users = new ArrayList<>();
        for (JsonNode user : realm.path("users")) {
            if (user.hasNonNull("serviceAccountClientId")) {
                continue; // a client's service account, not a person who signs in
            }
            List<String> roles = new ArrayList<>();
            user.path("realmRoles").forEach(role -> roles.add(role.asString()));
            JsonNode attributes = user.path("attributes");
            users.add(new User(user.path("username").asString(), String.join(",", roles),
                    attributes.path("agency").path(0).asString(), attributes.path("municipality").path(0).asString(),
                    attributes.path("unit").path(0).asString()));
        }
        return new DemoUsers(users);
    }
}
