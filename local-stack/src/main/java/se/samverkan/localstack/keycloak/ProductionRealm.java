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
 * environment when Keycloak imports the file), so no secret is in the file. Short-lived tokens (5 minutes; refresh
 * tokens rotate and are used once), and a browser login that asks compliance officers and administrators for a
 * one-time code (TOTP) after the password: they can read the whole municipality's audit log or operate the system.
 * Regenerate after changing the development
 * realm (RealmFileTest fails until you do), from the project folder:
 * {@code java -cp "local-stack/target/classes:local-stack/target/lib/*" se.samverkan.localstack.keycloak.ProductionRealm}.
 */
public final class ProductionRealm {

    public static final Path DEVELOPMENT = Path.of("infra/keycloak/samverkan-realm.json");
    public static final Path PRODUCTION = Path.of("infra/keycloak/production/samverkan-realm.json");
    public static final String WEB_URL = "${SAMVERKAN_WEB_URL}";
    public static final String BROWSER_FLOW = "samverkan browser";
    /** The realm roles whose holders must give a one-time code at every browser login. */
    public static final java.util.List<String> MFA_ROLES = java.util.List.of("compliance-officer", "administrator");
    public static final int ACCESS_TOKEN_SECONDS = 300;

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
        realm.put("accessTokenLifespan", ACCESS_TOKEN_SECONDS);
        realm.put("ssoSessionIdleTimeout", 1800);
        realm.put("ssoSessionMaxLifespan", 36000);
        realm.put("revokeRefreshToken", true);
        realm.put("refreshTokenMaxReuse", 0);
        mfaForPrivilegedRoles(realm);
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

    /**
     * Keycloak's browser flow (cookie, identity provider redirect, username and password) with one conditional
     * sub-flow per role of MFA_ROLES: when the user has the role, the OTP form is required (set up at first login).
     */
    private static void mfaForPrivilegedRoles(ObjectNode realm) {
        ArrayNode flows = JSON.createArrayNode();
        ArrayNode configs = JSON.createArrayNode();
        ObjectNode browser = flow(BROWSER_FLOW, "Browser login; a one-time code for compliance officers and administrators", true);
        execution(browser, "auth-cookie", null, "ALTERNATIVE", 10, null);
        execution(browser, "identity-provider-redirector", null, "ALTERNATIVE", 25, null);
        execution(browser, null, BROWSER_FLOW + " forms", "ALTERNATIVE", 30, null);
        flows.add(browser);
        ObjectNode forms = flow(BROWSER_FLOW + " forms", "Username and password, then the one-time code where a role requires it", false);
        execution(forms, "auth-username-password-form", null, "REQUIRED", 10, null);
        int priority = 20;
        for (String role : MFA_ROLES) {
            String alias = BROWSER_FLOW + " otp for " + role;
            execution(forms, null, alias, "CONDITIONAL", priority, null);
            priority += 10;
            ObjectNode conditional = flow(alias, "A one-time code when the user has the realm role " + role, false);
            execution(conditional, "conditional-user-role", null, "REQUIRED", 10, role + " role");
            execution(conditional, "auth-otp-form", null, "REQUIRED", 20, null);
            flows.add(conditional);
            configs.add(JSON.createObjectNode().put("alias", role + " role")
                    .set("config", JSON.createObjectNode().put("condUserRole", role).put("negate", "false")));
        }
        flows.insert(1, forms);
        realm.set("authenticationFlows", flows);
        realm.set("authenticatorConfig", configs);
        realm.put("browserFlow", BROWSER_FLOW);
        realm.put("otpPolicyType", "totp");
    }

    private static ObjectNode flow(String alias, String description, boolean topLevel) {
        ObjectNode flow = JSON.createObjectNode().put("alias", alias).put("description", description).put("providerId", "basic-flow")
                .put("topLevel", topLevel).put("builtIn", false);
        flow.set("authenticationExecutions", JSON.createArrayNode());
        return flow;
    }

    private static void execution(ObjectNode flow, String authenticator, String subFlow, String requirement, int priority, String config) {
        ObjectNode execution = JSON.createObjectNode();
        if (authenticator != null) {
            execution.put("authenticator", authenticator);
        }
        if (subFlow != null) {
            execution.put("flowAlias", subFlow);
        }
        if (config != null) {
            execution.put("authenticatorConfig", config);
        }
        // Keycloak's export writes both spellings of this property; its import reads either
        execution.put("authenticatorFlow", subFlow != null).put("autheticatorFlow", subFlow != null)
                .put("requirement", requirement).put("priority", priority).put("userSetupAllowed", false);
        ((ArrayNode) flow.path("authenticationExecutions")).add(execution);
    }

    /** e.g. samverkan-notification → KEYCLOAK_CLIENT_SECRET_SAMVERKAN_NOTIFICATION */
    public static String secretVariable(String clientId) {
        return "KEYCLOAK_CLIENT_SECRET_" + clientId.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
