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
    void it_trusts_no_local_address_and_requires_tls() throws IOException {
        assertThat(Files.readString(root.resolve(ProductionRealm.PRODUCTION))).doesNotContain("localhost", "127.0.0.1");
        assertThat(production.path("sslRequired").asString()).isEqualTo("all");
    }
}
