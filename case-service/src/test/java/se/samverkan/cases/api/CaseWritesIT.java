package se.samverkan.cases.api;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.*;

class CaseWritesIT extends IntegrationTest {

    @Test
    void aWriteAgainstAStaleVersionFailsWith412() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response first = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Första samtalet.\"}", "If-Match", "\"1\"");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("ETag")).isEqualTo("\"2\"");

        Response stale = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Andra.\"}", "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("detail").asString()).contains("read it again");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void aRetriedCommandWithTheSameIdempotencyKeyRunsOnce() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String key = UUID.randomUUID().toString();
        Response first = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"KONTAKTPERSON\",\"startDate\":\"2026-11-01\"}", "Idempotency-Key", key);
        Response retry = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"KONTAKTPERSON\",\"startDate\":\"2026-11-01\"}", "Idempotency-Key", key);
        Response misuse = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"FAMILJEBEHANDLING\",\"startDate\":\"2026-11-01\"}", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.uuid("measureId")).isEqualTo(first.uuid("measureId"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(misuse.status()).isEqualTo(422);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("measures").size()).isEqualTo(1);
    }

    @Test
    void phasesFollowTheProgramAndWrongMovesNameTheAllowedOnes() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response skip = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PLANNING\"}");
        assertThat(skip.status()).isEqualTo(422);
        assertThat(skip.json().get("detail").asString()).contains("PRELIMINARY_ASSESSMENT");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"NOPE\"}").status()).isEqualTo(400);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"NO_FURTHER_ACTION\"}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"efter stängning\"}").status()).isEqualTo(409);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/reopening", "{\"reason\":\"Ny polisanmälan\"}").status()).isEqualTo(200);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void breakGlassReadsAreAllowedWithAReasonAndFlagged() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "SKYDDAD_FOLKBOKFORING");

        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId).status()).isEqualTo(404);
        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId, "X-Break-Glass-Reason", "kort").status()).isEqualTo(404);

        Response read = get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId,
                "X-Break-Glass-Reason", "Akut placering i natt, jouren behöver underlaget.");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("access").get("breakGlass").asBoolean()).isTrue();
        assertThat(read.json().get("subject").get("name").asString()).isEqualTo("Kim Testsson");
        assertThat(read.body()).doesNotContain("Hemliga vägen");

        CloudEvent access = awaitEvent(Topics.ACCESS_EVENTS, e -> caseId.toString().equals(e.subject())
                && CloudEventCodec.dataAs(e, AccessRecorded.class).breakGlass());
        assertThat(CloudEventCodec.dataAs(access, AccessRecorded.class).actor().userId()).isEqualTo(SOCIAL_WORKER_OTHER_UNIT.id());
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).body()).contains("Hemliga vägen");
    }
}
