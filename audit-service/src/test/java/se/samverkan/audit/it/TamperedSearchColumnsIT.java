package se.samverkan.audit.it;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.core.env.Environment;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10 item 8: a database superuser who nulls the search columns of an entry can no longer hide it. Answers are
 * filtered over the entries' bytes, exports cover their whole range (omitted leaves by hash), and the background
 * integrity check re-verifies every entry and turns the health DOWN. Each test puts the row back, so the shared log
 * stays honest for the other tests.
 */
class TamperedSearchColumnsIT extends AuditServiceITBase {

    @Autowired
    LogIntegrity integrity;

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    @Test
    void nullingTheSearchColumnsOfAnEntryHidesItFromNoAnswerAndTurnsTheHealthDown() throws Exception {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        // a police read is a disclosure outside social services: it belongs in the subject's disclosure report
        CloudEvent read = send(policeRead(caseId, subjectId));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(read.id()) == 1);
        long leaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, read.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT max(tree_size) FROM checkpoints", Long.class) > leaf);
        assertThat(integrityStatus()).isEqualTo("UP");

        String hide = "UPDATE audit_entries SET case_id = NULL, subject_id = NULL, actor_id = NULL WHERE leaf_index = " + leaf;
        String restore = "UPDATE audit_entries SET case_id = '" + caseId + "', subject_id = '" + subjectId + "', actor_id = '"
                + TestUser.POLICE_LIAISON.id() + "' WHERE leaf_index = " + leaf;
        try {
            asSuperuser(hide);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE case_id = ?", Long.class, caseId)).isZero();

            JsonNode page = json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
            assertThat(page.get("items").findValuesAsString("eventId")).contains(read.id());
            assertThat(page.get("scannedFromLeaf").asLong()).isZero();
            assertThat(page.get("scannedToLeaf").asLong()).isGreaterThan(leaf);

            String export = get("/api/audit/export?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER).body();
            assertThat(export).contains(read.id());
            ExportVerifier.Result verified = verify(export);
            assertThat(verified.ok()).as(verified.message()).isTrue();
            assertThat(verified.message()).contains("no leaf of [0,");

            JsonNode disclosures = json(get("/api/audit/subjects/" + subjectId + "/disclosures", TestUser.COMPLIANCE_OFFICER));
            assertThat(disclosures.get("disclosures").findValuesAsString("eventId")).containsExactly(read.id());

            // the background check (every 500 ms in the tests) finds the row and names the columns, not their content
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(integrityStatus()).isEqualTo("DOWN");
                assertThat(integrity.verdict().problems().toString()).contains("leaf " + leaf + ":", "case_id", "actor_id")
                        .doesNotContain(caseId.toString(), TestUser.POLICE_LIAISON.id());
            });
            assertThat(json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER)).get("integrity")
                    .get("status").asString()).isEqualTo("DOWN");
        } finally {
            asSuperuser(restore);
        }
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void aChangedByteOfAnEntryTurnsTheHealthDownWithoutAnExport() {
        CloudEvent read = send(policeRead(UUID.randomUUID(), UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(read.id()) == 1);
        // the check compares against the latest signed checkpoint: wait until one covers the entry
        long leaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, read.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT max(tree_size) FROM checkpoints", Long.class) > leaf);
        String original = jdbc.queryForObject("SELECT encode(entry, 'hex') FROM audit_entries WHERE leaf_index = ?", String.class, leaf);
        try {
            // "ALLOWED" becomes "ALLOWEE": still JSON, but no longer what was signed
            asSuperuser("UPDATE audit_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '\"ALLOWED\"', '\"ALLOWEE\"'), 'UTF8') WHERE leaf_index = " + leaf);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(integrityStatus()).isEqualTo("DOWN");
                assertThat(integrity.verdict().problems().toString()).contains("leaf " + leaf + ": its bytes do not hash");
            });
            assertThat(json(get("/actuator/health", (String) null)).get("status").asString()).isEqualTo("DOWN");
        } finally {
            asSuperuser("UPDATE audit_entries SET entry = decode('" + original + "', 'hex') WHERE leaf_index = " + leaf);
        }
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    /**
     * Issue 12: a pass seals what it found whole and later passes compare columns with the seal instead of parsing. A
     * superuser who changes a sealed row's column, copies another row's seal onto it or deletes the seals is still
     * found: a seal that does not match sends the entry back to the full check.
     */
    @Test
    void sealedEntriesAreNotParsedAgainYetAChangedColumnAForgedOrADeletedSealIsStillCaught() {
        UUID caseId = UUID.randomUUID();
        CloudEvent read = send(policeRead(caseId, UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(read.id()) == 1);
        long leaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, read.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT max(tree_size) FROM checkpoints", Long.class) > leaf);
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
        long firstPass = integrity.verdict().verifiedThroughLeaf();
        assertThat(firstPass).isGreaterThan(leaf);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search_seals WHERE leaf_index < ?", Long.class, firstPass))
                .as("every entry the pass found whole is sealed").isEqualTo(firstPass);

        double parsedBefore = entriesChecked("parsed");
        double sealedBefore = entriesChecked("sealed");
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
        long logSize = jdbc.queryForObject("SELECT count(*) FROM audit_entries", Long.class);
        assertThat(entriesChecked("sealed") - sealedBefore).as("the first pass's entries, by their seals").isGreaterThanOrEqualTo(firstPass);
        assertThat(entriesChecked("parsed") - parsedBefore).as("parsed again: only entries the first pass had not reached")
                .isLessThanOrEqualTo(logSize - firstPass);

        String actor = TestUser.POLICE_LIAISON.id();
        try {
            asSuperuser("UPDATE audit_entries SET actor_id = 'someone-else' WHERE leaf_index = " + leaf);
            assertThat(integrity.check().getStatus().getCode()).isEqualTo("DOWN");
            assertThat(integrity.verdict().problems().toString()).contains("leaf " + leaf + ": search columns actor_id differ");
        } finally {
            asSuperuser("UPDATE audit_entries SET actor_id = '" + actor + "' WHERE leaf_index = " + leaf);
        }
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");

        String seal = jdbc.queryForObject("SELECT encode(seal, 'hex') FROM audit_search_seals WHERE leaf_index = ?", String.class, leaf);
        try {
            // the database superuser cannot compute a seal; the nearest thing is another entry's
            asSuperuser("UPDATE audit_entries SET case_id = NULL WHERE leaf_index = " + leaf);
            asSuperuser("UPDATE audit_search_seals SET seal = (SELECT seal FROM audit_search_seals WHERE leaf_index = "
                    + (leaf - 1) + ") WHERE leaf_index = " + leaf);
            assertThat(integrity.check().getStatus().getCode()).isEqualTo("DOWN");
            assertThat(integrity.verdict().problems().toString()).contains("leaf " + leaf + ": search columns case_id differ");
        } finally {
            asSuperuser("UPDATE audit_entries SET case_id = '" + caseId + "' WHERE leaf_index = " + leaf);
            asSuperuser("UPDATE audit_search_seals SET seal = decode('" + seal + "', 'hex') WHERE leaf_index = " + leaf);
        }
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");

        // deleting the seals costs the next pass its speed, nothing else
        asSuperuser("DELETE FROM audit_search_seals");
        double parsed = entriesChecked("parsed");
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
        assertThat(entriesChecked("parsed") - parsed).isGreaterThanOrEqualTo(integrity.verdict().verifiedThroughLeaf());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search_seals", Long.class))
                .isGreaterThanOrEqualTo(integrity.verdict().verifiedThroughLeaf());
    }

    private double entriesChecked(String how) {
        return meters.get("samverkan.audit.integrity.entries").tag("columns", how).counter().count();
    }

    @Test
    void theRunningServiceHoldsNoCredentialsThatCouldSwitchTheTriggersOff() {
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("audit_service");
        assertThat(environment.getProperty("spring.flyway.password")).isNull();
        assertThat(environment.getProperty("spring.flyway.user")).isNull();
        for (String sql : List.of(
                "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change",
                "ALTER TABLE audit_entries DISABLE TRIGGER ALL",
                "ALTER TABLE audit_entries ADD COLUMN mallory text",
                "DROP TRIGGER audit_entries_no_change ON audit_entries",
                "SET session_replication_role = replica",
                "CREATE OR REPLACE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                "UPDATE audit_entries SET case_id = NULL",
                "DELETE FROM audit_entries",
                "TRUNCATE audit_entries CASCADE")) {
            assertThatThrownBy(() -> jdbc.execute(sql)).as(sql).isInstanceOf(DataAccessException.class);
        }
        assertThat(jdbc.queryForObject("""
                SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls FROM pg_roles
                WHERE rolname = current_user""", Boolean.class)).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user",
                Long.class)).isZero();
    }

    private String integrityStatus() {
        return json(get("/actuator/health", (String) null)).get("components").get("auditLogIntegrity").get("status").asString();
    }

    private static AccessRecorded policeRead(UUID caseId, UUID subjectId) {
        return new AccessRecorded(ref(TestUser.POLICE_LIAISON), caseId, subjectId, UUID.randomUUID(), Program.RAPID_INTERVENTION,
                TestUser.YOUTH_UNIT, AccessAction.READ, "ReadReferral", List.of("CASE_SUMMARY"), "REFERRAL", "OSL_10_18A",
                false, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(), TestUser.HANINGE);
    }

    private ExportVerifier.Result verify(String export) throws Exception {
        NoteKeys.Verifier key = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
        return ExportVerifier.verify(new BufferedReader(new StringReader(export)), key, PRODUCERS);
    }

    /** What an attacker with the superuser's password does: switch the triggers off for the session and edit. */
    private static void asSuperuser(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }
}
