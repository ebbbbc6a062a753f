package se.samverkan.cases.core;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestUser;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.*;

class CaseWritesIT extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    se.samverkan.cases.idempotency.Idempotency idempotency;

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
                "{\"measureType\":\"CONTACT_PERSON\",\"startDate\":\"2026-11-01\"}", "Idempotency-Key", key);
        Response retry = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"CONTACT_PERSON\",\"startDate\":\"2026-11-01\"}", "Idempotency-Key", key);
        Response misuse = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"FAMILY_TREATMENT\",\"startDate\":\"2026-11-01\"}", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.uuid("measureId")).isEqualTo(first.uuid("measureId"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(misuse.status()).isEqualTo(422);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("measures").size()).isEqualTo(1);
    }

    /**
     * The bodies behind an Idempotency-Key hold personnummer, names and note text. What is kept of them is a keyed hash,
     * and only for a day: a plain hash kept for ever let whoever reads the table confirm a guessed body, also after the
     * case was cleared.
     */
    @Test
    void whatIsKeptOfAnIdempotentRequestIsAKeyedHashAndOnlyForADay() {
        String key = UUID.randomUUID().toString();
        String body = openCaseBody("RAPID_INTERVENTION", "NONE");
        Response first = post(SOCIAL_WORKER, "/api/cases", body, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        String kept = jdbc.sql("SELECT request_hash FROM idempotency_record WHERE actor_id = ? AND idempotency_key = ?")
                .params(SOCIAL_WORKER.id(), key).query(String.class).single();
        assertThat(kept).as("an HMAC under a key the database never holds").matches("hmac:[0-9a-f]{64}");
        Response retry = post(SOCIAL_WORKER, "/api/cases", body, "Idempotency-Key", key);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.uuid("caseId")).isEqualTo(first.uuid("caseId"));

        assertThat(idempotency.forgetOldAnswers()).as("a fresh answer is kept").isZero();
        jdbc.sql("UPDATE idempotency_record SET created_at = now() - interval '25 hours' WHERE actor_id = ? AND idempotency_key = ?")
                .params(SOCIAL_WORKER.id(), key).update();
        assertThat(idempotency.forgetOldAnswers()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_record WHERE actor_id = ? AND idempotency_key = ?")
                .params(SOCIAL_WORKER.id(), key).query(Long.class).single()).isZero();
        Response late = post(SOCIAL_WORKER, "/api/cases", body, "Idempotency-Key", key);
        assertThat(late.status()).as("a day later the key starts a new request").isEqualTo(201);
        assertThat(late.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void phasesFollowTheProgramAndWrongMovesNameTheAllowedOnes() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response skip = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PLANNING\"}");
        assertThat(skip.status()).isEqualTo(422);
        assertThat(skip.json().get("detail").asString()).contains("PRELIMINARY_ASSESSMENT");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"NOPE\"}").status()).isEqualTo(422);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"NO_FURTHER_ACTION\"}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"efter stängning\"}").status()).isEqualTo(409);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/reopening", "{\"reason\":\"Ny polisanmälan\"}").status()).isEqualTo(200);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void breakGlassReadsAreAllowedWithAReasonInTheOwnUnitAndFlagged() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");

        assertThat(get(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId).status()).isEqualTo(404);
        Response tooShort = get(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId, "X-Break-Glass-Reason", "kort");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("detail").asString()).contains("at least 15 characters");
        // issue 10 item 1: another unit's worker is refused as if the case did not exist, whatever the reason
        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId,
                "X-Break-Glass-Reason", percentEncoded("Akut placering i natt, jouren behöver underlaget.")).status()).isEqualTo(404);

        Response read = get(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId,
                "X-Break-Glass-Reason", percentEncoded("Akut placering i natt, jouren behöver underlaget."));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("X-Break-Glass")).isEqualTo("recorded");
        assertThat(read.json().get("access").get("breakGlass").asBoolean()).isTrue();
        assertThat(read.json().get("subject").get("name").asString()).isEqualTo("Kim Testsson");
        assertThat(read.body()).doesNotContain("subjectHasCasesInUnits");

        CloudEvent access = awaitEvent(Topics.ACCESS_EVENTS, e -> caseId.toString().equals(e.subject())
                && CloudEventCodec.dataAs(e, AccessRecorded.class).breakGlass());
        AccessRecorded recorded = CloudEventCodec.dataAs(access, AccessRecorded.class);
        assertThat(recorded.actor().userId()).isEqualTo(SOCIAL_WORKER_COLLEAGUE.id());
        assertThat(recorded.purpose()).isEqualTo("BREAK_GLASS");
        assertThat(CloudEventCodec.toBytes(access)).asString().doesNotContain("Akut placering", "jouren");
        CloudEvent refused = awaitEvent(Topics.ACCESS_EVENTS, e -> caseId.toString().equals(e.subject())
                && CloudEventCodec.dataAs(e, AccessRecorded.class).actor().userId().equals(SOCIAL_WORKER_OTHER_UNIT.id()));
        assertThat(CloudEventCodec.dataAs(refused, AccessRecorded.class).outcome().name()).isEqualTo("DENIED");
        assertThat(CloudEventCodec.dataAs(refused, AccessRecorded.class).breakGlass()).isFalse();

        String reasonPath = "/api/break-glass-reasons/" + access.id();
        for (TestUser reader : List.of(COMPLIANCE_OFFICER, SUPERVISOR)) {
            Response reason = get(reader, reasonPath);
            assertThat(reason.status()).as(reader.username() + " " + reason.body()).isEqualTo(200);
            assertThat(reason.json().get("reason").asString()).isEqualTo("Akut placering i natt, jouren behöver underlaget.");
            assertThat(reason.json().get("userId").asString()).isEqualTo(SOCIAL_WORKER_COLLEAGUE.id());
            assertThat(reason.json().get("caseId").asString()).isEqualTo(caseId.toString());
        }
        assertThat(get(SOCIAL_WORKER, reasonPath).status()).as("the case team does not review its readers").isEqualTo(403);
        assertThat(get(SOCIAL_WORKER_COLLEAGUE, reasonPath).status()).isEqualTo(404);
        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, reasonPath).status()).isEqualTo(404);
        assertThat(get(POLICE_LIAISON, reasonPath).status()).isEqualTo(404);
        assertThat(get(COMPLIANCE_OFFICER, "/api/break-glass-reasons/" + UUID.randomUUID()).status()).isEqualTo(404);
        CloudEvent reviewRead = awaitEvent(Topics.ACCESS_EVENTS, e -> caseId.toString().equals(e.subject())
                && "READ_BREAK_GLASS_REASON".equals(CloudEventCodec.dataAs(e, AccessRecorded.class).operation())
                && CloudEventCodec.dataAs(e, AccessRecorded.class).actor().userId().equals(COMPLIANCE_OFFICER.id()));
        assertThat(CloudEventCodec.dataAs(reviewRead, AccessRecorded.class).outcome().name()).isEqualTo("ALLOWED");
    }
}
