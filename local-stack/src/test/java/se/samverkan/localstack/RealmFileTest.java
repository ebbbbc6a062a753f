package se.samverkan.localstack;

import org.junit.jupiter.api.Test;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fast feedback on the realm file; InfrastructureIT checks the same through a running Keycloak. */
class RealmFileTest {

    private final JsonNode realm = JsonMapper.builder().build()
            .readTree(StackSettings.findProjectRoot().resolve("infra/keycloak/samverkan-realm.json").toFile());

    @Test
    void the_demo_users_are_the_test_users() {
        List<String> inRealm = new ArrayList<>();
        for (JsonNode user : realm.path("users")) {
            if (user.hasNonNull("serviceAccountClientId")) {
                continue;
            }
            inRealm.add(String.join("|", user.path("id").asString(), user.path("username").asString(),
                    user.path("email").asString(), user.path("realmRoles").path(0).asString(),
                    user.path("attributes").path("agency").path(0).asString(),
                    user.path("attributes").path("municipality").path(0).asString(),
                    user.path("attributes").path("unit").path(0).asString()));
            assertThat(user.path("realmRoles")).as(user.path("username").asString()).hasSize(1);
            assertThat(user.path("emailVerified").asBoolean()).isTrue();
            assertThat(user.path("requiredActions")).isEmpty();
        }
        List<String> testUsers = TestUser.all().stream()
                .map(user -> String.join("|", user.id(), user.username(), user.email(),
                        user.roles().iterator().next().realmRoleName(), user.agency().name(), user.municipality(), user.unit()))
                .toList();

        assertThat(inRealm).containsExactlyInAnyOrderElementsOf(testUsers);
    }

    @Test
    void notification_service_may_read_the_directory_and_nothing_more() {
        onlyReadsTheDirectory("samverkan-notification");
    }

    @Test
    void case_service_may_read_the_directory_and_nothing_more() {
        onlyReadsTheDirectory("samverkan-case");
    }

    private void onlyReadsTheDirectory(String clientId) {
        JsonNode client = realm.path("clients").valueStream()
                .filter(c -> c.path("clientId").asString().equals(clientId)).findFirst().orElseThrow();
        assertThat(client.path("publicClient").asBoolean()).isFalse();
        assertThat(client.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.path("standardFlowEnabled").asBoolean()).isFalse();

        JsonNode serviceAccount = realm.path("users").valueStream()
                .filter(u -> u.path("serviceAccountClientId").asString().equals(clientId)).findFirst().orElseThrow();
        assertThat(serviceAccount.path("realmRoles")).isEmpty();
        assertThat(serviceAccount.path("clientRoles").propertyNames()).containsExactly("realm-management");
        assertThat(serviceAccount.path("clientRoles").path("realm-management").valueStream().map(JsonNode::asString))
                .containsExactly("view-users");
        assertThat(client.path("fullScopeAllowed").asBoolean()).isFalse();
        assertThat(realm.path("clientScopeMappings").path("realm-management").valueStream()
                .filter(m -> m.path("client").asString().equals(clientId))
                .flatMap(m -> m.path("roles").valueStream()).map(JsonNode::asString)).containsExactly("view-users");
    }

    @Test
    void every_platform_role_is_a_realm_role() {
        List<String> realmRoles = realm.path("roles").path("realm").valueStream().map(role -> role.path("name").asString()).toList();

        assertThat(realmRoles).containsExactlyInAnyOrder(
                java.util.Arrays.stream(Role.values()).map(Role::realmRoleName).toArray(String[]::new));
    }

    @Test
    void users_cannot_edit_the_claims_that_decide_their_access() {
        JsonNode profile = JsonMapper.builder().build().readTree(realm.path("components")
                .path("org.keycloak.userprofile.UserProfileProvider").path(0)
                .path("config").path("kc.user.profile.config").path(0).asString());

        for (String claim : List.of("agency", "municipality", "unit")) {
            JsonNode attribute = profile.path("attributes").valueStream()
                    .filter(a -> a.path("name").asString().equals(claim)).findFirst().orElseThrow();
            assertThat(attribute.path("permissions").path("edit").valueStream().map(JsonNode::asString)).as(claim).containsExactly("admin");
        }
        assertThat(profile.path("unmanagedAttributePolicy").asString()).isNotEqualTo("ENABLED");
    }
}
