package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.platform.test.TestUser;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class WalkingSkeletonIT extends IntegrationTest {

    private static final String CASE_OPENED = "se.samverkan.case.case-opened.v1";

    @Test
    void openedCaseIsReadableWithItsVersionAndPublishedAsTheFrozenContract() {
        Response created = post(TestUser.SOCIAL_WORKER, "/api/cases",
                openCaseBody("RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER_COLLEAGUE.id()));

        assertThat(created.status()).isEqualTo(201);
        UUID caseId = created.uuid("caseId");
        assertThat(created.header("Location")).isEqualTo("/api/cases/" + caseId);
        // opened (0) and its first-family-contact deadline scheduled (1)
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        Response read = get(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
        assertThat(read.json().get("phase").asString()).isEqualTo("INTAKE");
        assertThat(read.json().get("subject").get("name").asString()).isEqualTo("Kim Testsson");
        assertThat(read.json().get("team").toString())
                .contains(TestUser.SOCIAL_WORKER.id(), TestUser.SOCIAL_WORKER_COLLEAGUE.id());

        CloudEvent event = awaitEvent(Topics.CASE_EVENTS, ofType(CASE_OPENED, caseId));
        String axonEventId = jdbc.sql("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(caseId.toString()).query(String.class).single();
        assertThat(event.id()).isEqualTo(axonEventId);
        assertThat(ContractSchemas.violations(CASE_OPENED, event.data())).isEmpty();
        CaseOpened opened = CloudEventCodec.dataAs(event, CaseOpened.class);
        assertThat(opened.team()).contains(TestUser.SOCIAL_WORKER.id());
        assertThat(opened.caseRef().unit()).isEqualTo(TestUser.YOUTH_UNIT);
        String wire = new String(CloudEventCodec.toBytes(event), StandardCharsets.UTF_8);
        assertThat(wire).doesNotContain("201003159124", "100315-9124", "Kim", "Testsson", "Hemliga");
        assertThat(withoutIdsAndTimes(wire)).doesNotContain("9124");

        CloudEvent access = awaitEvent(Topics.ACCESS_EVENTS, e -> caseId.toString().equals(e.subject())
                && "READ_CASE".equals(CloudEventCodec.dataAs(e, AccessRecorded.class).operation()));
        assertThat(ContractSchemas.violations(access.type(), access.data())).isEmpty();
        AccessRecorded recorded = CloudEventCodec.dataAs(access, AccessRecorded.class);
        assertThat(recorded.actor().userId()).isEqualTo(TestUser.SOCIAL_WORKER.id());
        assertThat(recorded.onCaseTeam()).isTrue();
        assertThat(recorded.fieldGroups()).contains("IDENTITY", "CONTENT");
        assertThat(jdbc.sql("SELECT published_at IS NOT NULL FROM access_outbox WHERE event_id = ?")
                .param(UUID.fromString(access.id())).query(Boolean.class).single())
                .as("the outbox row is marked once Kafka has the event").isTrue();
    }

    @Test
    void theSamePersonGetsTheSameSubjectIdInTheMunicipality() {
        UUID first = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID second = openCase(TestUser.SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "NONE");

        String a = get(TestUser.SOCIAL_WORKER, "/api/cases/" + first).json().get("subjectId").asString();
        String b = get(TestUser.SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + second).json().get("subjectId").asString();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void anInvalidPersonnummerIsAProblemTheClientCanFix() {
        Response response = post(TestUser.SOCIAL_WORKER, "/api/cases",
                openCaseBody("RAPID_INTERVENTION", "NONE").replace("9124", "9125"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("invalid-personal-identity-number");
    }

    @Test
    void withoutATokenNothingIsServed() {
        assertThat(get(null, "/api/cases").status()).isEqualTo(401);
    }

    @Test
    void healthAndApiDocsArePublic() {
        assertThat(get(null, "/actuator/health").status()).isEqualTo(200);
        Response docs = get(null, "/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/cases/{caseId}", "/api/police/referrals/{referralId}");
    }
}
