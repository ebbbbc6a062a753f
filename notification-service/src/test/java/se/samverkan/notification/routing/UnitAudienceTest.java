package se.samverkan.notification.routing;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UnitAudienceTest {

    @Test
    void theQueueComesFromTheTokensClaimsAndOnlyForRolesThatWorkOne() {
        assertThat(UnitAudience.of(new Actor("a", Set.of(Role.SOCIAL_WORKER), Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom")))
                .contains(UnitAudience.socialServicesUnit("0136", "haninge-ungdom"));
        assertThat(UnitAudience.of(new Actor("c", Set.of(Role.SUPERVISOR), Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom")))
                .contains(UnitAudience.socialServicesUnit("0136", "haninge-ungdom"));
        assertThat(UnitAudience.of(new Actor("d", Set.of(Role.POLICE_LIAISON), Agency.POLICE, "0136", "polisen-haninge")))
                .contains(UnitAudience.policeUnit("polisen-haninge"));
        assertThat(UnitAudience.of(new Actor("e", Set.of(Role.COMPLIANCE_OFFICER), Agency.MUNICIPALITY, "0136", "haninge-dataskydd"))).isEmpty();
        assertThat(UnitAudience.of(new Actor("f", Set.of(Role.ADMINISTRATOR), Agency.MUNICIPALITY, "0136", "haninge-it"))).isEmpty();
        assertThat(UnitAudience.of(new Actor("x", Set.of(Role.SOCIAL_WORKER), Agency.POLICE, "0136", "polisen-haninge")))
                .as("a police token without the liaison role").isEmpty();
    }

    @Test
    void aSocialServicesUnitAndAPoliceUnitWithTheSameCodeAreDifferentQueues() {
        assertThat(UnitAudience.socialServicesUnit("0136", "x").key()).isNotEqualTo(UnitAudience.policeUnit("x").key());
        assertThat(UnitAudience.socialServicesUnit("0136", "x").key()).isNotEqualTo(UnitAudience.socialServicesUnit("0127", "x").key());
        assertThat(new UnitAudience(Agency.POLICE, "0136", "p")).as("police units serve several municipalities")
                .isEqualTo(UnitAudience.policeUnit("p"));
    }
}
