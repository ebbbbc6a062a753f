package se.samverkan.cases.publishing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.storedevents.ForgedRows;
import se.samverkan.cases.storedevents.StoredEventMacs.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code relayed_integration_event}: which events of the store the integration relay handled (published, or set aside
 * in {@code publish_dead_letter}), each at its store position, for the {@link PublicationManifests}. Every row is
 * sealed when the relay writes it ({@link RelayedEventSeals}, V37) and checked wherever it is read: the runtime role
 * may INSERT here, and a row it wrote made an event the relay's token was moved past count as relayed. A row whose seal
 * fails counts as not there (its event is then found by the manifests' check of the store, listed and set aside as
 * {@code NotRelayed}) and is reported once as forged ({@link ForgedRows#relayedRow}). Rows from before seals (at or
 * below V37's {@code relayed_integration_event_seal_boundary}) are taken as they were; a new row without a seal is
 * refused by V37's trigger.
 */
@Component
public class RelayedEvents {

    /** A row as the manifests take it: its seal checked. */
    record Row(long position, UUID eventId, UUID caseId) {
    }

    /**
     * The rows of a range, by whether their seal checks.
     *
     * @param read    how many rows were read (sealed or not): the limit was reached when it equals it
     * @param lastRead the position of the last row read (the range read ends there when the limit was reached)
     */
    record Range(List<Row> sealed, List<Long> forgedPositions, int read, long lastRead) {
    }

    private final JdbcClient jdbc;
    private final RelayedEventSeals seals;
    private final ForgedRows forged;

    public RelayedEvents(JdbcClient jdbc, CaseServiceProperties properties, ForgedRows forged) {
        this.jdbc = jdbc;
        this.seals = RelayedEventSeals.fromSubjectPseudonymKey(properties.subjectPseudonymKey());
        this.forged = forged;
    }

    /**
     * Remembered under the event's own store position, read from the store (see the relay's own comment on why not
     * the token's), sealed. A replay handles the same events again: their position and id do not change, and the row
     * is there already. One written there before by someone else keeps its place ({@code ON CONFLICT}): its seal fails,
     * so the event counts as not relayed and is reported (a false "not relayed" for an event that did go out, but a true
     * alarm: someone wrote rows with the service's credentials).
     */
    void record(UUID eventId, UUID caseId) {
        jdbc.sql("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?")
                .param(eventId.toString()).query(Long.class).optional()
                .ifPresent(position -> {
                    RelayedEventSeals.Seal seal = seals.seal(position, eventId, caseId);
                    jdbc.sql("""
                                    INSERT INTO relayed_integration_event (global_index, event_id, case_id, seal_key_id, seal)
                                    VALUES (?, ?, ?, ?, ?)
                                    ON CONFLICT DO NOTHING""")
                            .params(position, eventId, caseId, seal.keyId(), seal.mac())
                            .update();
                });
    }

    /** The rows of positions {@code after < p <= upTo}, at most {@code limit}, in order, their seals checked. */
    Range between(long after, long upTo, int limit) {
        record Stored(long position, UUID eventId, UUID caseId, String keyId, byte[] seal, boolean legacy) {
        }
        List<Stored> rows = jdbc.sql("""
                        SELECT global_index, event_id, case_id, seal_key_id, seal,
                               global_index <= (SELECT last_global_index_without_seal
                                                FROM relayed_integration_event_seal_boundary) AS legacy
                        FROM relayed_integration_event
                        WHERE global_index > ? AND global_index <= ? ORDER BY global_index LIMIT ?""")
                .params(after, upTo, limit)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getBytes(5), rs.getBoolean(6)))
                .list();
        List<Row> sealed = new ArrayList<>(rows.size());
        List<Long> forgedPositions = new ArrayList<>();
        for (Stored row : rows) {
            Verdict verdict = seals.verify(row.position(), row.eventId(), row.caseId(), row.keyId(), row.seal(), row.legacy());
            if (verdict.accepted()) {
                sealed.add(new Row(row.position(), row.eventId(), row.caseId()));
            } else {
                forged.relayedRow(row.position(), verdict);
                forgedPositions.add(row.position());
            }
        }
        return new Range(sealed, forgedPositions, rows.size(), rows.isEmpty() ? after : rows.getLast().position());
    }
}
