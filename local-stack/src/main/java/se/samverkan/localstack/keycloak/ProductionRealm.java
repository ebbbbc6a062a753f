package se.samverkan.localstack.keycloak;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The production realm template, derived from the development realm so roles, clients, mappers and the user profile
 * stay one definition: no people (only service accounts), no password grant on any client, TLS for everyone, and
 * every client secret and web address a Keycloak import placeholder ({@code ${VARIABLE}}, resolved from the
 * environment when Keycloak imports the file), so no secret is in the file. Regenerate after changing the development
 * realm (RealmFileTest fails until you do), from the project folder:
 * {@code java -cp "local-stack/target/classes:local-stack/target/lib/*" se.samverkan.localstack.keycloak.ProductionRealm}.
 */
public final class ProductionRealm {

    public static final Path DEVELOPMENT = Path.of("infra/keycloak/samverkan-realm.json");
    public static final Path PRODUCTION = Path.of("infra/keycloak/production/samverkan-realm.json");
    public static final String WEB_URL = "${SAMVERKAN_WEB_URL}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProductionRealm() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        JsonNode production = derive(JSON.readTree(root.resolve(DEVELOPMENT).toFile()));
        Files.createDirectories(root.resolve(PRODUCTION).getParent());
        Files.writeString(root.resolve(PRODUCTION), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(production) + "\n");
        System.out.println("wrote " + root.resolve(PRODUCTION));
    }

    public static JsonNode derive(JsonNode development) {
        ObjectNode realm = (ObjectNode) development.deepCopy();
        realm.put("sslRequired", "all");
        ArrayNode serviceAccounts = JSON.createArrayNode();
        for (JsonNode user : development.path("users")) {
            if (user.hasNonNull("serviceAccountClientId")) {
                serviceAccounts.add(user.deepCopy());
            }
        }
        realm.set("users", serviceAccounts);
        for (JsonNode node : realm.path("clients")) {
            ObjectNode client = (ObjectNode) node;
            client.put("directAccessGrantsEnabled", false);
            if (client.has("secret")) {
                client.put("secret", "${" + secretVariable(client.path("clientId").asString()) + "}");
            }
            if (client.has("description") && client.path("publicClient").asBoolean()) {
                client.put("description", "Public client: authorization code + PKCE for the web client; no password grant");
            }
            if (!client.path("redirectUris").isEmpty()) {
                client.set("redirectUris", JSON.createArrayNode().add(WEB_URL + "/*"));
            }
            if (!client.path("webOrigins").isEmpty()) {
                client.set("webOrigins", JSON.createArrayNode().add(WEB_URL));
            }
            if (client.path("attributes").has("post.logout.redirect.uris")) {
                ((ObjectNode) client.path("attributes")).put("post.logout.redirect.uris", WEB_URL + "/*");
            }
        }
        return realm;
    }

    /** e.g. samverkan-notification → KEYCLOAK_CLIENT_SECRET_SAMVERKAN_NOTIFICATION */
    public static String secretVariable(String clientId) {
        return "KEYCLOAK_CLIENT_SECRET_" + clientId.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
