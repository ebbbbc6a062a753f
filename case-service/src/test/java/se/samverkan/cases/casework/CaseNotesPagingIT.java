package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.EXIT_COORDINATOR;
import static se.samverkan.platform.test.TestUser.POLICE_LIAISON;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER_OTHER_UNIT;

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

    /**
     * A partner reads through its share and sees only the notes marked shareable: its pages walk exactly those, and a
     * cursor naming one of the case's other notes is answered as if no such note existed, so the cursor cannot be used
     * to learn which note ids the case holds.
     */
    @Test
    void aPartnerWalksOnlyTheShareableNotesAndACursorOnANoteItDoesNotSeeIsAnUnknownNote() {
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        String pnr = se.samverkan.platform.test.TestPersonnummer.anyBornOn(LocalDate.of(2009, 1, 1));
        rememberPersonalData("Alex Avhoppare" + tag);
        Response opened = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases", """
                {"program":"EXIT_PROGRAM","subject":{"personalIdentityNumber":"%s","name":"Alex Avhoppare%s",
                 "dateOfBirth":"2009-01-01","protectedIdentity":"NONE",
                 "guardians":[{"personalIdentityNumber":"%s","name":"Vera Testsson"}]},"team":[]}"""
                .formatted(pnr, tag, GUARDIAN_PNR));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        UUID caseId = opened.uuid("caseId");
        List<String> all = new ArrayList<>();
        List<String> shareable = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // every other note is the owner's own: the partner's pages must close over the gaps they leave
            String text = (i % 2 == 0 ? "Hotbild " : "Boende ") + i + " " + tag;
            rememberPersonalData(text);
            Response note = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/notes", "{\"text\":\"" + text + "\"}");
            assertThat(note.status()).as(note.body()).isEqualTo(201);
            String noteId = note.uuid("noteId").toString();
            all.add(noteId);
            if (i % 2 == 1) {
                assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/notes/" + noteId + "/shareable", null)
                        .status()).isEqualTo(200);
                shareable.add(noteId);
            }
        }
        Response consent = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"SOCIAL_SERVICES","recipientUnit":"botkyrka-avhopp","purposes":["SUPPORT_AND_PROTECTION"],
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s","documentReference":"Samtycke 2026-202"}"""
                .formatted(pnr, GUARDIAN_PNR, LocalDate.now().minusDays(1), LocalDate.now().plusDays(90)));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        Response shared = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/sharing", """
                {"partnerMunicipality":"0127","partnerUnit":"botkyrka-avhopp","role":"PLACEMENT_MUNICIPALITY",
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"consentId":"%s","coordinators":["%s"]}"""
                .formatted(consent.uuid("consentId"), EXIT_COORDINATOR.id()));
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);

        List<String> walked = new ArrayList<>();
        String query = "?notesLimit=1";
        for (int page = 0; page < shareable.size() + 1; page++) {
            Response read = get(EXIT_COORDINATOR, "/api/cases/" + caseId + query);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            JsonNode view = read.json();
            assertThat(view.get("notesTotal").asInt()).as("the partner's count is of the notes it sees").isEqualTo(shareable.size());
            assertThat(read.body()).doesNotContain("Hotbild");
            walked.addAll(0, view.get("notes").findValuesAsString("noteId"));
            if (!view.has("notesNextBefore")) {
                break;
            }
            query = "?notesLimit=1&notesBefore=" + view.get("notesNextBefore").asString();
        }
        assertThat(walked).as("every shareable note once, in order, none of the others").containsExactlyElementsOf(shareable);

        String hidden = all.get(4);
        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "?notesLimit=1&notesBefore=" + hidden).status())
                .as("the owner's cursor on the same note").isEqualTo(200);
        Response onHidden = get(EXIT_COORDINATOR, "/api/cases/" + caseId + "?notesLimit=1&notesBefore=" + hidden);
        Response onNothing = get(EXIT_COORDINATOR, "/api/cases/" + caseId + "?notesLimit=1&notesBefore=" + UUID.randomUUID());
        for (Response refused : List.of(onHidden, onNothing)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.body()).as("no note text, no hint of the note").doesNotContain("Hotbild", "Boende", hidden);
        }
        assertThat(problemWithoutInstance(onHidden)).as("a note the partner does not see reads as no note at all")
                .isEqualTo(problemWithoutInstance(onNothing));
    }

    /** The problem's fields, less the ones that name the request (the path, a trace id) rather than the answer. */
    private static Map<String, String> problemWithoutInstance(Response problem) {
        Map<String, String> fields = new java.util.TreeMap<>();
        problem.json().properties().forEach(field -> fields.put(field.getKey(), field.getValue().toString()));
        fields.keySet().removeAll(List.of("instance", "traceId", "timestamp"));
        return fields;
    }

    private long accessEventsOf(UUID caseId) {
        return jdbc.sql("SELECT count(*) FROM access_outbox WHERE case_id = ?").param(caseId.toString()).query(Long.class).single();
    }
}
