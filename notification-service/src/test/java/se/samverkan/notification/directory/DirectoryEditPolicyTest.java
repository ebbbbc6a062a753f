package se.samverkan.notification.directory;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10 item 11: a local edit may only take away; every fact Keycloak states must come back unchanged. */
class DirectoryEditPolicyTest {

    static final DirectoryUser DAVID = new DirectoryUser("d", "david", "david@polisen.example", Agency.POLICE, "0136",
            "polisen-haninge", List.of("police-liaison"), true);

    @Test
    void onlyActiveMayDiffer() {
        assertThat(DirectoryEditPolicy.refusedFields(DAVID, with(DAVID.email(), DAVID.agency(), DAVID.unit(), DAVID.roles(), false)))
                .isEmpty();
        assertThat(DirectoryEditPolicy.refusedFields(DAVID, with(" david@polisen.example ", DAVID.agency(), DAVID.unit(), DAVID.roles(), true)))
                .as("whitespace around the same address").isEmpty();
    }

    @Test
    void everyFactKeycloakStatesIsRefusedByName() {
        assertThat(DirectoryEditPolicy.refusedFields(DAVID, with("frida@haninge.example", DAVID.agency(), DAVID.unit(), DAVID.roles(), true)))
                .containsExactly("email");
        assertThat(DirectoryEditPolicy.refusedFields(DAVID, with(null, DAVID.agency(), DAVID.unit(), DAVID.roles(), true)))
                .as("removing the address is Keycloak's too").containsExactly("email");
        assertThat(DirectoryEditPolicy.refusedFields(DAVID, with(DAVID.email(), Agency.SOCIAL_SERVICES, "haninge-ungdom",
                List.of("police-liaison", "supervisor"), true))).containsExactly("agency", "unit", "roles");
        assertThat(DirectoryEditPolicy.refusedFields(DAVID, new DirectoryUser("d", "someone", DAVID.email(), DAVID.agency(), "0127",
                DAVID.unit(), DAVID.roles(), true))).containsExactly("username", "municipality");
    }

    static final DirectoryUser OFFICER = new DirectoryUser("o", "olga", "olga@haninge.example", Agency.MUNICIPALITY, "0136",
            "dataskydd", List.of("compliance-officer"), true);

    @Test
    void theLastComplianceOfficerOrAdministratorOfAMunicipalityIsKept() {
        assertThat(DirectoryEditPolicy.refusedSuspension("admin", OFFICER, Map.of(Role.COMPLIANCE_OFFICER, 0)))
                .hasValueSatisfying(refusal -> {
                    assertThat(refusal.status()).isEqualTo(409);
                    assertThat(refusal.code()).isEqualTo("last-compliance-officer");
                    assertThat(refusal.detail()).contains("Appoint another").doesNotContain(OFFICER.email());
                });
        assertThat(DirectoryEditPolicy.refusedSuspension("admin", OFFICER, Map.of(Role.COMPLIANCE_OFFICER, 1))).isEmpty();
        DirectoryUser admin = new DirectoryUser("a2", "anna", null, Agency.MUNICIPALITY, "0136", "it", List.of("administrator"), true);
        assertThat(DirectoryEditPolicy.refusedSuspension("admin", admin, Map.of(Role.ADMINISTRATOR, 0)))
                .hasValueSatisfying(refusal -> assertThat(refusal.code()).isEqualTo("last-administrator"));
        assertThat(DirectoryEditPolicy.refusedSuspension("admin", DAVID, Map.of())).as("a liaison: nothing to keep").isEmpty();
    }

    @Test
    void nobodySuspendsHerself() {
        DirectoryUser admin = new DirectoryUser("a", "anna", null, Agency.MUNICIPALITY, "0136", "it", List.of("administrator"), true);
        assertThat(DirectoryEditPolicy.refusedSuspension("a", admin, Map.of(Role.ADMINISTRATOR, 3)))
                .hasValueSatisfying(refusal -> {
                    assertThat(refusal.status()).isEqualTo(403);
                    assertThat(refusal.code()).isEqualTo("directory-self-suspension");
                });
    }

    private static DirectoryUser with(String email, Agency agency, String unit, List<String> roles, boolean active) {
        return new DirectoryUser(DAVID.userId(), DAVID.username(), email, agency, DAVID.municipality(), unit, roles, active);
    }
}
