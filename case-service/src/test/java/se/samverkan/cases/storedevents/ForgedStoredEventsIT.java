package se.samverkan.cases.storedevents;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * The event store as an insider with the service's database password sees it: the runtime role may INSERT events and
 * snapshots (the service appends them), so these rows are written exactly as such an insider could, through the
 * service's own connection ({@link #jdbc}). Before stored events carried MACs, a copy of a genuine
 * {@code ConsentRecorded} after its withdrawal brought the consent back for the case, its referrals and the read
 * models, and went out on Kafka signed with the service's key; a copied snapshot did the same for commands.
 * <p>
 * Every case here has a subject of its own: a case with a forged event refuses to load for good (until an operator
 * deals with the row), and no other test may meet it through a subject it shares.
 */
class ForgedStoredEventsIT extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    ForgedRows forgedRows;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventStorageEngine storage;

    @Autowired
    PlatformTransactionManager transactions;

    private final Map<UUID, String> subjects = new java.util.HashMap<>();

    @Test
    void aCopyOfAGenuineConsentAfterItsWithdrawalIsNeitherAppliedNorPublishedAndTheCaseRefusesToLoad() {
        UUID caseId = openOwnCase();
        UUID consentId = recordConsent(caseId);
        withdraw(caseId, consentId);
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.consent-withdrawn.v1", caseId));
        awaitSummary(caseId);
        Map<String, Object> summaryBefore = summary(caseId);
        double forgedBefore = forged("event");

        // the genuine ConsentRecorded row, MAC and all, copied to the case's next sequence number under a new event id
        UUID forgedId = UUID.randomUUID();
        long next = jdbc.sql("SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(caseId.toString()).query(Long.class).single();
        assertThat(jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                        payload_type, payload_revision, payload, meta_data, mac_key_id, mac)
                        SELECT ?, aggregate_identifier, ?, type, time_stamp, payload_type, payload_revision, payload, meta_data,
                               mac_key_id, mac
                        FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = 'case.ConsentRecorded'""")
                .params(forgedId.toString(), next, caseId.toString()).update()).isEqualTo(1);
        setAside(forgedId);

        // the case is not loaded, for reading or for writing: no decision rests on the forged consent
        Response read = get(SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(read.status()).as(read.body()).isEqualTo(503);
        assertThat(read.header("Content-Type")).startsWith("application/problem+json");
        assertThat(read.json().get("code").asString()).isEqualTo("case-history-not-authentic");
        assertThat(read.body()).doesNotContain("Kim", consentId.toString());
        Response referral = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY"]}"""
                .formatted(consentId));
        assertThat(referral.status()).as(referral.body()).isEqualTo(503);
        assertThat(referral.json().get("code").asString()).isEqualTo("case-history-not-authentic");
        Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Efter förfalskningen\"}");
        assertThat(note.status()).as(note.body()).isEqualTo(503);

        // the relay sets it aside as forged and publishes nothing of it
        await().atMost(Duration.ofSeconds(30)).until(() -> superuser.sql(
                        "SELECT count(*) FROM publish_dead_letter WHERE stream = 'CASE_EVENTS' AND event_id = ?")
                .param(forgedId).query(Long.class).single() == 1);
        assertThat(superuser.sql("SELECT error_class || ' ' || event_type || ' ' || case_id FROM publish_dead_letter WHERE event_id = ?")
                .param(forgedId).query(String.class).single()).isEqualTo("ForgedAtSource forged-stored-event " + caseId);
        // a later genuine event of another case reached Kafka and the case summaries: both are past the forged row
        UUID later = openOwnCase();
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", later));
        awaitSummary(later);
        assertThat(events(Topics.CASE_EVENTS, e -> e.id().equals(forgedId.toString()))).isEmpty();
        assertThat(events(Topics.CASE_EVENTS, ofType("se.samverkan.case.consent-recorded.v1", caseId))).hasSize(1);
        assertThat(summary(caseId)).as("the read model did not apply it").isEqualTo(summaryBefore);
        // and it is not listed as published in the manifests (the service never stored such an event)
        assertThat(jdbc.sql("SELECT count(*) FROM relayed_integration_event WHERE event_id = ?").param(forgedId)
                .query(Long.class).single()).isZero();

        // alerted once per row, however often it was met (three requests, the relay, the projections)
        assertThat(forged("event")).isEqualTo(forgedBefore + 1);
        assertThat(forgedRows.health().getStatus()).isEqualTo(Status.DOWN);
        Response health = get(null, "/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
    }

    /**
     * The runtime role may insert dead letters: one written ahead for the forged event's id under another error class
     * took the place of the relay's {@code ForgedAtSource} row ({@code ON CONFLICT DO NOTHING}). The forgery is still
     * counted and the health stays DOWN until an operator resolves that row.
     */
    @Test
    void aDeadLetterWrittenAheadUnderAnotherErrorClassDoesNotPassForTheForgedEvent() {
        UUID caseId = openOwnCase();
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        double forgedBefore = forged("event");
        double deadLettersBefore = deadLetters("ForgedAtSource");

        UUID forgedId = UUID.randomUUID();
        setAside(forgedId);
        assertThat(jdbc.sql("""
                        INSERT INTO publish_dead_letter (stream, event_id, event_type, case_id, error_class)
                        VALUES ('CASE_EVENTS', ?, 'NoteRecorded', ?, 'RecordTooLarge')""")
                .params(forgedId, caseId.toString()).update()).isEqualTo(1);
        copyFirstEventToNextSequenceNumber(caseId, forgedId);

        // the relay passes it (a later case's opening is published) and counts it as forged all the same
        UUID later = openOwnCase();
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", later));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("ForgedAtSource") == deadLettersBefore + 1);
        assertThat(forged("event")).isEqualTo(forgedBefore + 1);
        assertThat(superuser.sql("SELECT error_class FROM publish_dead_letter WHERE event_id = ?").param(forgedId)
                .query(String.class).single()).isEqualTo("RecordTooLarge");
        assertThat(forgedRows.health().getStatus()).isEqualTo(Status.DOWN);

        resolveTheDeadLettersThisTestCaused();
        assertThat(forgedRows.health().getStatus()).isNotEqualTo(Status.DOWN);
    }

    private double deadLetters(String reason) {
        var counter = meters.find("samverkan.publish.dead.letters").tag("stream", "CASE_EVENTS").tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aForgedSnapshotIsIgnoredAndTheCaseIsFoldedFromWhatTheServiceStored() {
        UUID caseId = openOwnCase();
        UUID consentId = recordConsent(caseId);
        CaseFile beforeWithdrawal = everyEvent(caseId);
        new TransactionTemplate(transactions).executeWithoutResult(s -> storage.storeSnapshot(CaseFiles.snapshotOf(beforeWithdrawal)));
        long genuineSnapshot = beforeWithdrawal.version();
        withdraw(caseId, consentId);
        double forgedBefore = forged("snapshot");

        // the genuine snapshot (the consent still active in it), MAC and all, copied to the withdrawal's sequence number
        assertThat(jdbc.sql("""
                        INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier, time_stamp,
                                                          payload_type, payload_revision, payload, meta_data, mac_key_id, mac)
                        SELECT aggregate_identifier, sequence_number + 1, type, ?, time_stamp, payload_type, payload_revision,
                               payload, meta_data, mac_key_id, mac
                        FROM snapshot_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?""")
                .params(UUID.randomUUID().toString(), caseId.toString(), genuineSnapshot).update()).isEqualTo(1);

        assertThat(storage.readSnapshot(caseId.toString()).orElseThrow().getSequenceNumber()).isEqualTo(genuineSnapshot);
        assertThat(CaseFiles.fold(eventStore.readEvents(caseId.toString())).file().consent(new ConsentId(consentId))
                .orElseThrow().isWithdrawn()).isTrue();
        // a command loads the case from the genuine snapshot and the withdrawal after it
        Response referral = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY"]}"""
                .formatted(consentId));
        assertThat(referral.status()).as(referral.body()).isEqualTo(422);
        Response read = get(SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("consents").get(0).get("withdrawnOn").isNull()).isFalse();

        assertThat(forged("snapshot")).isEqualTo(forgedBefore + 1);
        assertThat(forgedRows.health().getDetails()).containsKey("forgedSnapshotsIgnoredSinceStart");
        assertThat((Long) forgedRows.health().getDetails().get("forgedSnapshotsIgnoredSinceStart")).isPositive();
    }

    /**
     * A forged snapshot row at the sequence number of the case's next snapshot used to hold that key: every snapshot
     * there failed, and a long case folded a growing tail for good. It gives way to the service's snapshot (alerted).
     */
    @Test
    void aForgedSnapshotAtTheNextSnapshotsSequenceNumberGivesWayToTheServicesSnapshot() {
        UUID caseId = openOwnCase();
        CaseFile opened = everyEvent(caseId);
        new TransactionTemplate(transactions).executeWithoutResult(s -> storage.storeSnapshot(CaseFiles.snapshotOf(opened)));
        Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Före nästa ögonblicksbild\"}");
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        CaseFile later = everyEvent(caseId);
        assertThat(later.version()).isGreaterThan(opened.version());
        double forgedBefore = forged("snapshot");

        // the genuine snapshot, MAC and all, copied to the sequence number the next snapshot will take
        assertThat(jdbc.sql("""
                        INSERT INTO snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier, time_stamp,
                                                          payload_type, payload_revision, payload, meta_data, mac_key_id, mac)
                        SELECT aggregate_identifier, ?, type, ?, time_stamp, payload_type, payload_revision,
                               payload, meta_data, mac_key_id, mac
                        FROM snapshot_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?""")
                .params(later.version(), UUID.randomUUID().toString(), caseId.toString(), opened.version()).update())
                .isEqualTo(1);

        new TransactionTemplate(transactions).executeWithoutResult(s -> storage.storeSnapshot(CaseFiles.snapshotOf(later)));
        assertThat(storage.readSnapshot(caseId.toString()).orElseThrow().getSequenceNumber()).isEqualTo(later.version());
        assertThat(forged("snapshot")).isEqualTo(forgedBefore + 1);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
    }

    @Test
    void noEventCanBePutAtOrBelowTheLineOfEventsFromBeforeMacsNorWithoutAMac() {
        UUID caseId = openOwnCase();
        long line = jdbc.sql("SELECT last_global_index_without_mac FROM event_store_mac_boundary").query(Long.class).single();
        String copy = """
                INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type,
                                                time_stamp, payload_type, payload_revision, payload, meta_data, mac_key_id, mac)
                SELECT %s, ?, aggregate_identifier, 1, type, time_stamp, payload_type, payload_revision, payload, meta_data, %s
                FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""";

        // in a hole at or below the line a row would pass as one from before MACs: refused for every row
        for (long at : List.of(line, line - 1, -1L)) {
            assertThatThrownBy(() -> jdbc.sql(copy.formatted(at, "NULL, NULL"))
                    .params(UUID.randomUUID().toString(), caseId.toString()).update())
                    .hasStackTraceContaining("no event may be added at or below global index " + line);
            assertThatThrownBy(() -> jdbc.sql(copy.formatted(at, "mac_key_id, mac"))
                    .params(UUID.randomUUID().toString(), caseId.toString()).update())
                    .hasStackTraceContaining("no event may be added at or below global index " + line);
        }
        // above it, a row without a MAC is not the service's
        assertThatThrownBy(() -> jdbc.sql(copy.formatted("nextval('domain_event_entry_seq')", "NULL, NULL"))
                .params(UUID.randomUUID().toString(), caseId.toString()).update())
                .hasStackTraceContaining("an event without a MAC is refused");
        // nor one whose time is no time (the publication manifests read it in SQL)
        assertThatThrownBy(() -> jdbc.sql(copy.replace("time_stamp, payload_type, payload_revision, payload, meta_data, %s",
                                "'not a time', payload_type, payload_revision, payload, meta_data, %s")
                        .formatted("nextval('domain_event_entry_seq')", "mac_key_id, mac"))
                .params(UUID.randomUUID().toString(), caseId.toString()).update())
                .hasStackTraceContaining("not a time");
        // and the line is the owner's
        assertThatThrownBy(() -> jdbc.sql("UPDATE event_store_mac_boundary SET last_global_index_without_mac = 999999999").update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM event_store_mac_boundary").update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_mac_boundary").update())
                .hasStackTraceContaining("must be owner");
        // nor can a dead letter be written ahead for a forged event, already resolved, to keep the health quiet
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO publish_dead_letter (stream, event_id, event_type, error_class, resolved_at)"
                        + " VALUES ('CASE_EVENTS', ?, 'forged-stored-event', 'ForgedAtSource', now())")
                .param(UUID.randomUUID()).update())
                .hasStackTraceContaining("permission denied");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
    }

    /**
     * Events stored before MACs existed have none and lie at or below the line V35 drew: they load as they always did.
     * (Written here as the superuser with triggers off, i.e. as the store held them before the upgrade.)
     */
    @Test
    void eventsFromBeforeMacsAtOrBelowTheLineStillLoad() throws SQLException {
        UUID original = openOwnCase();
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + original + "/notes", "{\"text\":\"Anteckning före MAC\"}").status())
                .isEqualTo(201);
        UUID copy = UUID.randomUUID();
        long line = jdbc.sql("SELECT last_global_index_without_mac FROM event_store_mac_boundary").query(Long.class).single();
        long lowest = superuser.sql("SELECT coalesce(min(global_index), 0) FROM domain_event_entry").query(Long.class).single();
        superuser.sql("INSERT INTO keyvault.case_subject (case_id, subject_id) SELECT ?, subject_id FROM keyvault.case_subject WHERE case_id = ?")
                .params(copy, original).update();
        try (Connection connection = TestPostgres.superuser(DB).getConnection()) {
            connection.setAutoCommit(false);
            try (Statement off = connection.createStatement()) {
                off.execute("SET LOCAL session_replication_role = replica");
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type,
                                                    time_stamp, payload_type, payload_revision, payload, meta_data)
                    SELECT ? - row_number() OVER (ORDER BY sequence_number DESC), gen_random_uuid()::text, ?, sequence_number,
                           type, time_stamp, payload_type, payload_revision,
                           convert_to(replace(convert_from(payload, 'UTF8'), ?, ?), 'UTF8'), meta_data
                    FROM domain_event_entry WHERE aggregate_identifier = ?""")) {
                insert.setLong(1, Math.min(line, lowest));
                insert.setString(2, copy.toString());
                insert.setString(3, original.toString());
                insert.setString(4, copy.toString());
                insert.setString(5, original.toString());
                assertThat(insert.executeUpdate()).isGreaterThanOrEqualTo(2);
            }
            connection.commit();
        }
        assertThat(superuser.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND mac IS NULL AND global_index <= ?")
                .params(copy.toString(), line).query(Long.class).single()).isGreaterThanOrEqualTo(2);

        Response read = get(SOCIAL_WORKER, "/api/cases/" + copy);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(copy.toString(), "Kim Testsson", "Anteckning före MAC");
    }

    private UUID openOwnCase() {
        String pnr = TestPersonnummer.anyBornOn(LocalDate.of(2010, 3, 15));
        Response response = post(SOCIAL_WORKER, "/api/cases", openCaseBody("RAPID_INTERVENTION", "NONE").replace(PNR, pnr));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        UUID caseId = response.uuid("caseId");
        subjects.put(caseId, pnr);
        return caseId;
    }

    private UUID recordConsent(UUID caseId) {
        String pnr = subjects.get(caseId);
        Response consent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s"}"""
                .formatted(pnr, GUARDIAN_PNR, LocalDate.now().minusDays(1), LocalDate.now().plusDays(90)));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        return consent.uuid("consentId");
    }

    private void withdraw(UUID caseId, UUID consentId) {
        Response withdrawn = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal",
                "{\"withdrawnBy\":\"GUARDIAN\"}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    }

    private CaseFile everyEvent(UUID caseId) {
        return CaseFiles.fold(eventStore.readEvents(caseId.toString(), 0)).file();
    }

    private void awaitSummary(UUID caseId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM case_summary WHERE case_id = ?")
                .param(caseId).query(Long.class).single() == 1);
    }

    private Map<String, Object> summary(UUID caseId) {
        // the version is the last event the projection applied to the case
        return jdbc.sql("SELECT version, updated_at, status, phase FROM case_summary WHERE case_id = ?").param(caseId)
                .query().singleRow();
    }

    private double forged(String kind) {
        var counter = meters.find("samverkan.event.store.forged").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }
}
