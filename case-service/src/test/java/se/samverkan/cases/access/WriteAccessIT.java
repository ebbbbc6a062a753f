package se.samverkan.cases.access;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.access.AccessRecorded;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER_OTHER_UNIT;

/**
 * Issue 12 "access event in the command's transaction": an allowed write's access event commits in the same database
 * transaction as the command's events, so it is recorded if and only if the write happened. Before, it was committed
 * on its own before the command was sent: a command the aggregate refused, or one that lost a concurrency race, still
 * left an "allowed write" behind. A refusal by the policy is still recorded (on its own: there is no command).
 */
class WriteAccessIT extends IntegrationTest {

    private record Row(String transaction, AccessRecorded event) {
    }

    @Autowired
    AccessOutbox outbox;

    /** The relay's mark (an UPDATE) would give a row a new xmin; these tests read the inserting transaction's. */
    @BeforeEach
    void holdTheRelay() {
        outbox.stop();
    }

    @AfterEach
    void releaseTheRelay() {
        outbox.start();
    }

    @Test
    void anAllowedWriteCommitsItsAccessEventInTheTransactionOfItsEvents() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");

        Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Första samtalet med Kim.\"}");

        assertThat(note.status()).isEqualTo(201);
        List<Row> writes = accessEvents(caseId, "WRITE_CASE", AccessOutcome.ALLOWED);
        assertThat(writes).hasSize(1);
        // PostgreSQL's xmin is the id of the transaction that wrote a row: one commit for the access and the note
        assertThat(writes.getFirst().transaction()).isEqualTo(lastEventTransaction(caseId));
    }

    @Test
    void aWriteTheAggregateRefusesLeavesNoAccessEventOfAnAllowedWrite() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"NO_FURTHER_ACTION\"}").status()).isEqualTo(200);
        int before = accessEvents(caseId, "WRITE_CASE", AccessOutcome.ALLOWED).size();

        Response refused = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Efter stängningen.\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(accessEvents(caseId, "WRITE_CASE", AccessOutcome.ALLOWED)).hasSize(before);
    }

    @Test
    void aWriteThatLosesAConcurrencyConflictLeavesNoAccessEventOfAnAllowedWrite() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Första samtalet.\"}", "If-Match", "\"1\"").status())
                .isEqualTo(201);
        long eventsBefore = events(caseId);

        Response stale = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Andra samtalet.\"}", "If-Match", "\"1\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(events(caseId)).isEqualTo(eventsBefore);
        assertThat(accessEvents(caseId, "WRITE_CASE", AccessOutcome.ALLOWED)).hasSize(1);
    }

    @Test
    void aWriteThePolicyRefusesIsRecordedOnItsOwn() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        long eventsBefore = events(caseId);

        Response refused = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/notes", "{\"text\":\"Från fel enhet.\"}");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(accessEvents(caseId, "WRITE_CASE", AccessOutcome.DENIED)).hasSize(1)
                .allSatisfy(row -> assertThat(row.event().actor().userId()).isEqualTo(SOCIAL_WORKER_OTHER_UNIT.id()));
        assertThat(events(caseId)).isEqualTo(eventsBefore);
    }

    @Test
    void aReplayedWriteRunsNoCommandAndIsRecordedOnceMoreOnItsOwn() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String key = UUID.randomUUID().toString();
        String body = "{\"measureType\":\"CONTACT_PERSON\",\"startDate\":\"2026-11-01\"}";
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures", body, "Idempotency-Key", key).status()).isEqualTo(201);
        long eventsAfterFirst = events(caseId);
        String firstTransaction = lastEventTransaction(caseId);

        Response replay = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures", body, "Idempotency-Key", key);

        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(events(caseId)).isEqualTo(eventsAfterFirst);
        // documented in Idempotency: every call is recorded once; the first with its command, the replay on its own
        List<Row> writes = accessEvents(caseId, "WRITE_CASE", AccessOutcome.ALLOWED);
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).transaction()).isEqualTo(firstTransaction);
        assertThat(writes.get(1).transaction()).isNotEqualTo(firstTransaction);
    }

    private List<Row> accessEvents(UUID caseId, String operation, AccessOutcome outcome) {
        return jdbc.sql("SELECT xmin::text, cloud_event FROM access_outbox WHERE case_id = ? ORDER BY position")
                .param(caseId.toString())
                .query((rs, n) -> new Row(rs.getString(1),
                        CloudEventCodec.dataAs(CloudEventCodec.fromBytes(rs.getBytes(2)), AccessRecorded.class)))
                .list().stream()
                .filter(row -> operation.equals(row.event().operation()) && row.event().outcome() == outcome)
                .toList();
    }

    private long events(UUID caseId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(caseId.toString())
                .query(Long.class).single();
    }

    private String lastEventTransaction(UUID caseId) {
        return jdbc.sql("SELECT xmin::text FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1")
                .param(caseId.toString()).query(String.class).single();
    }
}
