package se.samverkan.localstack;

import org.junit.jupiter.api.Test;
import se.samverkan.localstack.keycloak.ProductionRealm;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 12: the realm a deployment imports has no demo users, no password grant and no client secret; the
 * development realm (infra/keycloak/samverkan-realm.json) keeps all three for the local stack and the tests.
 */
class ProductionRealmTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path root = StackSettings.findProjectRoot();
    private final JsonNode development = JSON.readTree(root.resolve(ProductionRealm.DEVELOPMENT).toFile());
    private final JsonNode production = JSON.readTree(root.resolve(ProductionRealm.PRODUCTION).toFile());

    @Test
    void the_production_realm_is_the_development_realm_without_people_password_grant_or_secrets() {
        assertThat(production).as("infra/keycloak/production/samverkan-realm.json is out of date; regenerate it with "
                + "java -cp \"local-stack/target/classes:local-stack/target/lib/*\" se.samverkan.localstack.keycloak.ProductionRealm")
                .isEqualTo(ProductionRealm.derive(development));
    }

    @Test
    void it_has_no_people_and_no_credentials() throws IOException {
        assertThat(production.path("users").valueStream()).allSatisfy(user ->
                assertThat(user.hasNonNull("serviceAccountClientId")).as(user.path("username").asString()).isTrue());
        String text = Files.readString(root.resolve(ProductionRealm.PRODUCTION));
        assertThat(text).doesNotContain("\"credentials\"", "\"password\"");
        for (TestUser user : TestUser.all()) {
            assertThat(text).as(user.username()).doesNotContain("\"" + user.username() + "\"", user.email());
        }
    }

    @Test
    void no_client_allows_the_password_grant() {
        assertThat(production.path("clients").valueStream()).isNotEmpty().allSatisfy(client ->
                assertThat(client.path("directAccessGrantsEnabled").isBoolean() && !client.path("directAccessGrantsEnabled").asBoolean())
                        .as(client.path("clientId").asString() + " must say directAccessGrantsEnabled: false").isTrue());
        // the development realm keeps it for the walk-through and the tests
        assertThat(development.path("clients").valueStream()
                .filter(client -> client.path("clientId").asString().equals("samverkan-cli"))
                .map(client -> client.path("directAccessGrantsEnabled").asBoolean())).containsExactly(true);
    }

    @Test
    void every_client_secret_is_a_placeholder_filled_in_at_deployment() {
        assertThat(production.path("clients").valueStream().filter(client -> client.has("secret"))).isNotEmpty().allSatisfy(client ->
                assertThat(client.path("secret").asString()).isEqualTo("${" + ProductionRealm.secretVariable(client.path("clientId").asString()) + "}"));
    }

    @Test
    void the_web_client_uses_the_code_flow_with_pkce() {
        assertThat(production.path("clients").valueStream().filter(client -> client.path("publicClient").asBoolean())).isNotEmpty()
                .allSatisfy(client -> {
                    assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
                    assertThat(client.path("implicitFlowEnabled").asBoolean(false)).isFalse();
                    assertThat(client.path("attributes").path("pkce.code.challenge.method").asString()).isEqualTo("S256");
                });
    }

    @Test
    void tokens_are_short_lived_and_refresh_tokens_are_used_once() {
        assertThat(production.path("accessTokenLifespan").asInt()).isPositive().isLessThanOrEqualTo(300);
        assertThat(production.path("ssoSessionIdleTimeout").asInt()).isPositive().isLessThanOrEqualTo(1800);
        assertThat(production.path("ssoSessionMaxLifespan").asInt()).isPositive().isLessThanOrEqualTo(10 * 3600);
        assertThat(production.path("revokeRefreshToken").asBoolean()).isTrue();
        assertThat(production.path("refreshTokenMaxReuse").asInt()).isZero();
    }

    @Test
    void compliance_officers_and_administrators_must_give_a_one_time_code_at_every_browser_login() {
        java.util.Map<String, JsonNode> flows = new java.util.HashMap<>();
        production.path("authenticationFlows").forEach(flow -> flows.put(flow.path("alias").asString(), flow));
        java.util.Map<String, String> roleOfConfig = new java.util.HashMap<>();
        production.path("authenticatorConfig").forEach(config ->
                roleOfConfig.put(config.path("alias").asString(), config.path("config").path("condUserRole").asString()));
        JsonNode browser = flows.get(production.path("browserFlow").asString());
        assertThat(browser).as("the realm's browser flow").isNotNull();
        // walk the flow: every role in MFA_ROLES has a CONDITIONAL sub-flow of the password form's flow whose
        // condition is that role and which then REQUIRES the OTP form
        java.util.List<String> rolesWithOtp = new java.util.ArrayList<>();
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>(java.util.List.of(browser));
        while (!todo.isEmpty()) {
            JsonNode flow = todo.pop();
            java.util.List<JsonNode> executions = flow.path("authenticationExecutions").valueStream().toList();
            executions.stream().filter(e -> e.path("authenticatorFlow").asBoolean()).forEach(e -> {
                assertThat(flows).as("sub-flow " + e.path("flowAlias").asString()).containsKey(e.path("flowAlias").asString());
                todo.push(flows.get(e.path("flowAlias").asString()));
            });
            executions.stream().filter(e -> e.path("authenticator").asString("").equals("conditional-user-role")).forEach(condition -> {
                assertThat(executions).anySatisfy(otp -> {
                    assertThat(otp.path("authenticator").asString("")).isEqualTo("auth-otp-form");
                    assertThat(otp.path("requirement").asString()).isEqualTo("REQUIRED");
                });
                rolesWithOtp.add(roleOfConfig.get(condition.path("authenticatorConfig").asString()));
            });
        }
        assertThat(rolesWithOtp).containsExactlyInAnyOrderElementsOf(ProductionRealm.MFA_ROLES)
                .containsExactlyInAnyOrder("compliance-officer", "administrator");
        // the roles are the realm's, and no client escapes the flow with a browser-flow override of its own
        assertThat(production.path("roles").path("realm").valueStream().map(role -> role.path("name").asString()))
                .contains("compliance-officer", "administrator");
        assertThat(production.path("clients").valueStream()).noneMatch(client -> client.path("authenticationFlowBindingOverrides").has("browser"));
    }

    @Test
    void it_trusts_no_local_address_and_requires_tls() throws IOException {
        assertThat(Files.readString(root.resolve(ProductionRealm.PRODUCTION))).doesNotContain("localhost", "127.0.0.1");
        assertThat(production.path("sslRequired").asString()).isEqualTo("all");
    }
}
