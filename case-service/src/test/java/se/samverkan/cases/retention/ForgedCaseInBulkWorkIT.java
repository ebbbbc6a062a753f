package se.samverkan.cases.retention;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestPersonnummer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.BOTKYRKA;
import static se.samverkan.platform.test.TestUser.COMPLIANCE_OFFICER;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;
import static se.samverkan.platform.test.TestUser.SUPERVISOR;

/**
 * One case whose stored history holds a row the service did not write refuses to load ({@code ForgedEventException});
 * work over many cases must go on without it and say so: a retention run (and its dry run) of the unit, and a subject
 * access export of the subject. The row is written as an insider with the service's database password could, through
 * the service's own connection ({@link #jdbc}). The subject is this test's own: the forged case refuses to load for
 * good, and no other test may meet it through a subject it shares.
 */
class ForgedCaseInBulkWorkIT extends IntegrationTest {

    @Autowired
    Retention retention;
    @Autowired
    MeterRegistry meters;



    @Test
    void aForgedCaseIsWithheldFromTheRetentionRunAndTheSubjectAccessExportWhileTheRestGoesOn() {
        String pnr = TestPersonnummer.anyBornOn(LocalDate.of(2010, 3, 14));
        UUID authentic = closedCase(pnr);
        UUID forged = closedCase(pnr);
        forge(forged);
        // a forged case of the same subject that the read model puts in another municipality: not this request's to name
        UUID elsewhere = closedCase(pnr);
        forge(elsewhere);
        assertThat(superuser.sql("UPDATE case_summary SET municipality = ? WHERE case_id = ?")
                .params(BOTKYRKA, elsewhere).update()).isEqualTo(1);
        double withheldBefore = withheldCount();

        // the subject access export: the authentic case, and a statement that one case is withheld
        Response registered = post(SUPERVISOR, "/api/subject-access/requests", """
                {"personalIdentityNumber":"%s","reference":"SN 2026/4711","reasonCode":"SUBJECT_REQUEST"}""".formatted(pnr));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        UUID requestId = registered.uuid("requestId");
        Response approval = post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null);
        assertThat(approval.status()).as(approval.body()).isEqualTo(200);
        Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        List<String> exported = new ArrayList<>();
        export.json().get("cases").forEach(c -> exported.add(c.get("caseId").asString()));
        assertThat(exported).containsExactly(authentic.toString());
        JsonNode withheld = export.json().get("withheldForIntegrity");
        assertThat(withheld.size()).isEqualTo(1);
        assertThat(withheld.get(0).asString()).isEqualTo(forged.toString());
        assertThat(export.json().get("withheldNote").asString()).contains("utredning");
        assertThat(export.body()).doesNotContain(elsewhere.toString());
        assertThat(get(SUPERVISOR, "/api/subject-access/requests/" + requestId).body()).doesNotContain(elsewhere.toString());
        assertThat(superuser.sql("SELECT count(*) FROM subject_access_request WHERE request_id = ? AND ? = ANY(cases_withheld_for_integrity)")
                .params(requestId, elsewhere).query(Long.class).single()).isZero();
        assertThat(get(SUPERVISOR, "/api/subject-access/requests/" + requestId).json().get("casesExported").asInt())
                .isEqualTo(1);

        // the unit's dry run answers, naming the case it could not assess
        Response dryRun = get(SUPERVISOR, "/api/retention/units/haninge-ungdom/dry-run?asOf=" + LocalDate.now().plusYears(6));
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        Set<String> assessed = new java.util.HashSet<>();
        dryRun.json().get("cases").forEach(item -> assessed.add(item.get("caseId").asString()));
        assertThat(assessed).contains(authentic.toString()).doesNotContain(forged.toString());
        List<String> withheldByDryRun = new ArrayList<>();
        dryRun.json().get("withheldForIntegrity").forEach(id -> withheldByDryRun.add(id.asString()));
        assertThat(withheldByDryRun).contains(forged.toString()).doesNotContain(elsewhere.toString());

        // the run clears the authentic case, withholds the forged one, and alerts it once however often it is met
        Retention.Outcome outcome = retention.clearDue(LocalDate.now().plusYears(6), item -> item.caseId().equals(authentic));
        assertThat(outcome.casesCleared()).isEqualTo(1);
        // the run is the service's own over every municipality: it withholds (and alerts) both forged cases
        assertThat(outcome.withheldForIntegrity()).contains(forged, elsewhere);
        assertThat(withheldCount()).isEqualTo(withheldBefore + 2);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + authentic).json().get("personalDataCleared").asBoolean()).isTrue();
    }

    private UUID closedCase(String pnr) {
        Response opened = post(SOCIAL_WORKER, "/api/cases", openCaseBody("RAPID_INTERVENTION", "NONE").replace(PNR, pnr).replace("2010-03-15", "2010-03-14"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        UUID caseId = opened.uuid("caseId");
        Response closed = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM case_summary WHERE case_id = ? AND closed_at IS NOT NULL").param(caseId)
                .query(Long.class).single() == 1);
        return caseId;
    }

    /** A genuine row of the case, MAC and all, copied to its next sequence number under a new event id. */
    private void forge(UUID caseId) {
        UUID forgedId = UUID.randomUUID();
        copyFirstEventToNextSequenceNumber(caseId, forgedId);
        setAside(forgedId);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(503);
        // the relay sets it aside (so the resolution after the test leaves the health as it found it)
        await().atMost(Duration.ofSeconds(30)).until(() -> superuser.sql(
                        "SELECT count(*) FROM publish_dead_letter WHERE stream = 'CASE_EVENTS' AND event_id = ?")
                .param(forgedId).query(Long.class).single() == 1);
    }

    private double withheldCount() {
        var counter = meters.find("samverkan.retention.withheld.cases").counter();
        return counter == null ? 0 : counter.count();
    }
}
