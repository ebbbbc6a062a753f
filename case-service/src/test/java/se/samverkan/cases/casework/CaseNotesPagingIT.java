package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.POLICE_LIAISON;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * Issue 12: a case read answers the latest notes, not every note the case ever had; the older ones are further reads
 * of the same case, each decided and recorded like the first.
 */
class CaseNotesPagingIT extends IntegrationTest {

    @Test
    void theOwnerWalksBackThroughTheNotesWithoutGapsOrRepeatsAndEveryPageIsARecordedRead() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal " + i + ".\"}");
            assertThat(note.status()).isEqualTo(201);
            written.add(note.uuid("noteId").toString());
        }

        JsonNode whole = get(SOCIAL_WORKER, "/api/cases/" + caseId).json();
        assertThat(whole.get("notes").findValuesAsString("noteId")).containsExactlyElementsOf(written);
        assertThat(whole.get("notesTotal").asInt()).isEqualTo(5);
        assertThat(whole.has("notesNextBefore")).as("nothing older").isFalse();

        long reads = accessEventsOf(caseId);
        List<String> walked = new ArrayList<>();
        String query = "?notesLimit=2";
        for (int page = 0; page < 5; page++) {
            JsonNode view = get(SOCIAL_WORKER, "/api/cases/" + caseId + query).json();
            assertThat(view.get("notesTotal").asInt()).isEqualTo(5);
            walked.addAll(0, view.get("notes").findValuesAsString("noteId"));
            if (!view.has("notesNextBefore")) {
                break;
            }
            query = "?notesLimit=2&notesBefore=" + view.get("notesNextBefore").asString();
        }
        assertThat(walked).containsExactlyElementsOf(written);
        assertThat(accessEventsOf(caseId)).as("three pages, three recorded reads").isEqualTo(reads + 3);
    }

    @Test
    void aLimitOutOfRangeOrACursorThatIsNoNoteOfTheCaseIsAClientError() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal.\"}").status()).isEqualTo(201);
        UUID other = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String otherNote = post(SOCIAL_WORKER, "/api/cases/" + other + "/notes", "{\"text\":\"Annat.\"}").uuid("noteId").toString();

        for (String query : List.of("?notesLimit=0", "?notesLimit=1001", "?notesBefore=" + otherNote, "?notesBefore=" + UUID.randomUUID())) {
            Response refused = get(SOCIAL_WORKER, "/api/cases/" + caseId + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.header("Content-Type")).as(query).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).as(query).containsAnyOf("notesLimit", "notesBefore");
            assertThat(refused.body()).as("no note text of another case").doesNotContain("Annat");
        }
    }

    @Test
    void aReaderWithoutAccessLearnsNeitherTheNotesNorHowManyThereAre() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal.\"}").status()).isEqualTo(201);
        for (String query : List.of("", "?notesLimit=1")) {
            Response police = get(POLICE_LIAISON, "/api/cases/" + caseId + query);
            assertThat(police.status()).as("no referral, no case").isEqualTo(404);
            assertThat(police.body()).doesNotContain("notesTotal", "Samtal");
        }
    }

    private long accessEventsOf(UUID caseId) {
        return jdbc.sql("SELECT count(*) FROM access_outbox WHERE case_id = ?").param(caseId.toString()).query(Long.class).single();
    }
}
