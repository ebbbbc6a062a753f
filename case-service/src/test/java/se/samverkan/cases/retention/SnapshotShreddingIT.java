package se.samverkan.cases.retention;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.config.SnapshotProperties;
import se.samverkan.cases.domain.CaseCommand.ClearCaseData;
import se.samverkan.cases.domain.CaseCommand.PlaceLegalHold;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.domain.LegalHoldKind;
import se.samverkan.cases.privacy.JdbcSubjectKeys;
import se.samverkan.cases.support.CaseStreams;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.problem.ClientProblem;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;
import static se.samverkan.platform.test.TestUser.SUPERVISOR;

/**
 * Issue 12, "snapshots through the sealing serializer, so shredding still works": a case whose snapshot holds its
 * subject's identity and a note is cleared and its keys shredded; the snapshot then yields no personal data, and the
 * aggregate and the case view still load from it.
 */
class SnapshotShreddingIT extends IntegrationTest {

    @Autowired
    Retention retention;

    @Autowired
    JdbcSubjectKeys subjectKeys;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventStorageEngine storage;

    @Autowired
    CaseFiles caseFiles;

    @Autowired
    CommandGateway commands;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    SnapshotProperties snapshots;

    @Test
    void aShreddedSubjectsSnapshotYieldsNoPersonalDataAndTheCaseStillLoadsFromIt() {
        PrivacyIT.Person kim = PrivacyIT.person(7);
        String noteText = "Samtal hemma hos " + kim.name();
        Response opened = post(SOCIAL_WORKER, "/api/cases", kim.body("RAPID_INTERVENTION", "NONE", SOCIAL_WORKER.id()));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        UUID caseId = opened.uuid("caseId");
        CaseId id = new CaseId(caseId);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"" + noteText + "\"}").status()).isEqualTo(201);
        appendMeetings(id, snapshots.threshold() + 10);
        // closing loads more than the threshold of events, so the case is snapshotted after the close commits
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> storage.readSnapshot(caseId.toString()).isPresent());
        CaseSnapshot before = (CaseSnapshot) storage.readSnapshot(caseId.toString()).orElseThrow().getPayload();
        assertThat(before.subject().name()).isEqualTo(kim.name());
        assertThat(before.notes()).singleElement().satisfies(note -> assertThat(note.text()).isEqualTo(noteText));
        List<String> needles = new ArrayList<>(kim.needles());
        needles.add(noteText);
        byte[] stored = jdbc.sql("SELECT payload FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                .param(caseId.toString()).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.UTF_8)).as("the stored snapshot is sealed").doesNotContain(needles);

        // retention finds closed cases in the case summaries, which follow the events asynchronously
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "SELECT count(*) FROM case_summary WHERE case_id = ? AND closed_at IS NOT NULL").param(caseId).query(Integer.class).single() == 1);
        LocalDate later = LocalDate.now().plusYears(6);
        Retention.Outcome outcome = retention.clearDue(later, item -> item.caseId().equals(caseId));
        assertThat(outcome.casesCleared()).isEqualTo(1);
        assertThat(subjectKeys.hasKey(before.subjectId().value())).as("every key of the subject shredded").isFalse();

        CaseSnapshot after = (CaseSnapshot) storage.readSnapshot(caseId.toString()).orElseThrow().getPayload();
        assertThat(after.subject().erased()).isTrue();
        assertThat(after.subject().name()).isNull();
        assertThat(after.subject().address()).isNull();
        assertThat(after.notes()).singleElement().satisfies(note -> assertThat(note.text()).isNull());

        CaseFiles.Folded read = caseFiles.read(id);
        assertThat(read.fromSnapshot()).isTrue();
        assertThat(read.file().isCleared()).isTrue();
        assertThat(read.file().subject().erased()).isTrue();
        JsonNode view = get(SOCIAL_WORKER, "/api/cases/" + caseId).json();
        assertThat(view.get("personalDataCleared").asBoolean()).isTrue();
        assertThat(view.toString()).doesNotContain(needles);

        // the aggregate still loads from the snapshot: clearing again changes nothing, and a hold is refused as cleared
        long version = caseFiles.currentVersion(id);
        commands.sendAndWait(new ClearCaseData(id, later, null, Instant.now()));
        assertThat(caseFiles.currentVersion(id)).isEqualTo(version);
        assertThatThrownBy(() -> commands.sendAndWait(new PlaceLegalHold(id, UUID.randomUUID().toString(), LegalHoldKind.LITIGATION,
                "Tvist", null, SUPERVISOR.actor(), Instant.now())))
                .isInstanceOfSatisfying(ClientProblem.class, problem -> assertThat(problem.code()).isEqualTo("case-data-cleared"));
    }

    private void appendMeetings(CaseId id, int count) {
        new CaseStreams(eventStore, transactions).appendMeetings(id, count, today());
    }
}
