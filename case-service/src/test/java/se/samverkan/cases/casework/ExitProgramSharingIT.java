package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

class ExitProgramSharingIT extends IntegrationTest {

    @Test
    void aPartnerMunicipalitysExitCoordinatorSeesOnlyExitCasesSharedWithIt() {
        UUID exitCase = openCase(SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "SKYDDAD_FOLKBOKFORING");
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + exitCase).status()).isEqualTo(404);

        Response shared = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + exitCase + "/sharing", "{\"partnerMunicipality\":\"0127\"}");
        assertThat(shared.status()).isEqualTo(200);

        Response read = get(EXIT_COORDINATOR, "/api/cases/" + exitCase);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("subject").get("name").asString()).isEqualTo("Kim Testsson");
        assertThat(read.body()).as("protected identity: no address outside the team").doesNotContain("Hemliga vägen");
        assertThat(read.json().has("consents")).isFalse();
        assertThat(post(EXIT_COORDINATOR, "/api/cases/" + exitCase + "/notes", "{\"text\":\"x\"}").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> get(EXIT_COORDINATOR, "/api/cases").body().contains(exitCase.toString()));

        UUID rapidCase = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response refused = post(SOCIAL_WORKER, "/api/cases/" + rapidCase + "/sharing", "{\"partnerMunicipality\":\"0127\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + rapidCase).status()).isEqualTo(404);
    }
}
