package se.samverkan.cases.storedevents;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * The rename proof of issue 11 ("a rename of a domain event class leaves stored cases loading").
 * <p>
 * What a rename or move of an event class could break is only what the store holds about the class. The first test
 * shows the store holds none of it: every row of a real case carries a stable name from {@link StoredEventNames} and
 * a revision, no Java class name, and the case loads from those rows. Reading resolves the name through the registry
 * to whichever class is registered for it today ({@code SealingEventSerializer#classForType}), so renaming
 * {@code CaseEvent.NoteRecorded} to anything else while keeping its entry {@code "case.NoteRecorded"} reads these
 * very rows into the renamed class ({@code StoredEventShapesTest} keeps every class registered).
 * The second test covers the rows written before stable names existed (the local stack's dev database): Java class
 * names, no revision, the revision-1 shape. They are copied into a new case in exactly that form and the copy loads
 * with its sealed personal data opened, through the upcasters.
 */
class StoredEventNamesIT extends IntegrationTest {

    private static final StoredEventMacs MACS = StoredEventMacs.fromSubjectPseudonymKey(TEST_SUBJECT_PSEUDONYM_KEY);

    record Row(String payloadType, String payloadRevision) {
    }

    @Test
    void aStoredCaseCarriesStableNamesAndRevisionsNoJavaClassNamesAndLoads() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal med Kim om skolan\"}")
                .status()).isEqualTo(201);

        List<Row> rows = jdbc.sql("SELECT payload_type, payload_revision FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(caseId.toString()).query(Row.class).list();
        assertThat(rows).extracting(Row::payloadType).contains("case.CaseOpened", "case.NoteRecorded");
        for (Row row : rows) {
            assertThat(row.payloadType()).doesNotContain("se.samverkan", "$");
            Class<?> type = StoredEventNames.classOf(row.payloadType()).orElseThrow();
            assertThat(row.payloadRevision()).as(row.payloadType()).isEqualTo(StoredEventNames.revisionOf(type));
        }
        Response read = get(SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains("Kim Testsson", "Samtal med Kim om skolan");
    }

    @Test
    void aCaseStoredUnderJavaClassNamesBeforeStableNamesStillLoads() {
        UUID original = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + original + "/notes", "{\"text\":\"Anteckning före namnen\"}")
                .status()).isEqualTo(201);
        UUID copy = UUID.randomUUID();

        int copied = copyAsLegacyRows(original, copy);

        assertThat(copied).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?")
                .param(copy.toString()).param(StoredEventNames.LEGACY_CLASS_PREFIX + "%").query(Integer.class).single())
                .isEqualTo(copied);
        Response read = get(SOCIAL_WORKER, "/api/cases/" + copy);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(copy.toString(), "Kim Testsson", "Anteckning före namnen");
    }

    /**
     * The case's rows as the store held them before stable names: payload type = the Java class name the event had
     * then, no revision, the revision-1 JSON (sealed values stay as they are: they are bound to the subject and the
     * field path, not to the case).
     */
    private int copyAsLegacyRows(UUID from, UUID to) {
        jdbc.sql("INSERT INTO keyvault.case_subject (case_id, subject_id) SELECT ?, subject_id FROM keyvault.case_subject WHERE case_id = ?")
                .param(to).param(from).update();
        List<StoredRow> rows = jdbc.sql("SELECT sequence_number, type, time_stamp, payload_type, payload, meta_data "
                        + "FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(from.toString()).query(StoredRow.class).list();
        int actorsRewritten = 0;
        for (StoredRow row : rows) {
            String legacyType = StoredEventNames.LEGACY_CLASS_PREFIX + row.payloadType().substring("case.".length());
            String stored = new String(row.payload(), StandardCharsets.UTF_8);
            String payload = asRevisionOne(stored).replace(from.toString(), to.toString());
            actorsRewritten += payload.contains("SOCIAL_WORKER") ? 1 : 0;
            String eventId = UUID.randomUUID().toString();
            byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
            // MAC'd as the service would have stored them (the MAC is over the stored bytes, before any upcaster);
            // rows from before MACs are ForgedStoredEventsIT's
            StoredEventMacs.Tag tag = MACS.tag(new StoredEventMacs.Row(StoredEventMacs.Kind.EVENT, to.toString(),
                    row.sequenceNumber(), eventId, row.type(), row.timeStamp(), legacyType, null, payloadBytes, row.metaData()));
            jdbc.sql("INSERT INTO domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, "
                            + "type, time_stamp, payload_type, payload_revision, payload, meta_data, mac_key_id, mac) "
                            + "VALUES (nextval('domain_event_entry_seq'), ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)")
                    .param(eventId).param(to.toString()).param(row.sequenceNumber()).param(row.type())
                    .param(row.timeStamp()).param(legacyType).param(payloadBytes)
                    .param(row.metaData()).param(tag.keyId()).param(tag.mac()).update();
        }
        assertThat(actorsRewritten).as("rows in the revision-1 shape").isGreaterThanOrEqualTo(2);
        return rows.size();
    }

    record StoredRow(long sequenceNumber, String type, String timeStamp, String payloadType, byte[] payload,
                     byte[] metaData) {
    }

    /** Revision 1 kept the platform's role constants ({@code SOCIAL_WORKER}) where revision 2 keeps realm names. */
    private static String asRevisionOne(String json) {
        return json.replace("\"roles\":[\"social-worker\"]", "\"roles\":[\"SOCIAL_WORKER\"]");
    }
}
