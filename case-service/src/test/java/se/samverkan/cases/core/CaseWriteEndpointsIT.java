package se.samverkan.cases.core;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/** Every case write resolved by {@link WriteResolver}, seen over HTTP on the real endpoints. */
class CaseWriteEndpointsIT extends IntegrationTest {

    @Test
    void anInvalidIfMatchIs400BeforeThePolicyIsAskedSoNothingIsRecorded() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        long before = accessEventsOf(caseId);

        Response invalid = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal.\"}", "If-Match", "\"tre\"");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
        assertThat(invalid.json().get("code").asString()).isEqualTo("invalid-if-match");
        assertThat(accessEventsOf(caseId)).isEqualTo(before);

        Response valid = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal.\"}", "If-Match", "\"1\"");
        assertThat(valid.status()).isEqualTo(201);
        assertThat(accessEventsOf(caseId)).isEqualTo(before + 1);
    }

    @Test
    void aCaseIdThatIsNoUuidIs400OnEveryKindOfWrite() {
        for (String path : List.of("/notes", "/phase-changes", "/consents", "/referrals", "/legal-holds", "/family-contacts")) {
            Response response = post(SOCIAL_WORKER, "/api/cases/case-1" + path, "{}");
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.json().get("code").asString()).as(path).isEqualTo("invalid-parameter");
            assertThat(response.json().get("detail").asString()).as(path).contains("'caseId'", "a UUID");
        }
    }

    @Test
    void aRetryNamingTheSameIdsInCapitalsIsTheSameRequestAndReplaysItsStatusAndETag() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String key = UUID.randomUUID().toString();
        Response first = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal.\"}", "Idempotency-Key", key);
        Response retry = post(SOCIAL_WORKER, "/api/cases/" + caseId.toString().toUpperCase() + "/notes", "{\"text\":\"Samtal.\"}",
                "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retry.uuid("noteId")).isEqualTo(first.uuid("noteId"));
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("notes").size()).isEqualTo(1);
    }

    @Test
    void theApiDocumentationShowsTheCaseIdAndBothHeadersOfAWriteAndNoResolverObject() {
        JsonNode notes = get(null, "/v3/api-docs").json().get("paths").get("/api/cases/{caseId}/notes").get("post");
        List<String> parameters = new ArrayList<>();
        notes.get("parameters").forEach(p -> parameters.add(p.get("in").asString() + ":" + p.get("name").asString()));
        assertThat(parameters).containsExactlyInAnyOrder("path:caseId", "header:If-Match", "header:Idempotency-Key");
    }

    private long accessEventsOf(UUID caseId) {
        return jdbc.sql("SELECT count(*) FROM access_outbox WHERE case_id = ?").param(caseId.toString()).query(Long.class).single();
    }
}
