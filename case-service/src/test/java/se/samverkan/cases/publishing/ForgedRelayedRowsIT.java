package se.samverkan.cases.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessException;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.reconciliation.PublicationManifest.Stream;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * The runtime role may INSERT into {@code relayed_integration_event} (the relay writes there) and UPDATE
 * {@code token_entry}. An insider with the service's database password who moved the relay's token past an event
 * ({@link MovedRelayTokenIT}) could also write the row saying the relay handled it: the event then counted as relayed,
 * so the manifests' check of the store passed over it, nothing set it aside and nothing alerted, although it never
 * reached Kafka. Rows carry a seal of the service now (V37), and one without a seal that checks counts as not there.
 * Everything here is written as such an insider could, through the service's own connection ({@link #jdbc}).
 */
class ForgedRelayedRowsIT extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    Serializer serializer;
    @Autowired
    UnrelayedEvents unrelayed;
    @Autowired
    MeterRegistry meters;

    /** What the insider writes into {@code relayed_integration_event} for the skipped event. */
    private interface Forger {
        void write(long position, UUID eventId, UUID caseId, UUID openingOfTheCase);
    }

    @Test
    void aRelayedRowWrittenByTheRuntimeRoleDoesNotPassForAnEventTheTokenWasMovedPast() {
        double notRelayedBefore = notRelayedCount();
        double forgedBefore = forgedRelayedRows();

        // the insider's row: the skipped note's own position, event id and case, with the best seal it has (a genuine
        // one, copied from the row the relay wrote for the case's opening)
        Skipped skipped = skipANote((position, eventId, caseId, opening) ->
                assertThat(writeRelayedRow(position, eventId, caseId, opening)).isEqualTo(1));

        // the note never reached Kafka ...
        UUID later = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", later));
        assertThat(events(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", skipped.caseId()))).isEmpty();

        // ... so it is set aside as not relayed, alerted and counted, and the health is DOWN until an operator resolves it
        await().atMost(Duration.ofSeconds(30)).until(() -> !listed(later).isEmpty());
        assertThat(superuser.sql("SELECT error_class || ' ' || event_type || ' ' || case_id FROM publish_dead_letter WHERE event_id = ?")
                .param(skipped.eventId()).query(String.class).list())
                .containsExactly(UnrelayedEvents.NOT_RELAYED + " NoteRecorded " + skipped.caseId());
        assertThat(notRelayedCount()).isEqualTo(notRelayedBefore + 1);
        assertThat(forgedRelayedRows()).as("the forged row is counted as one").isEqualTo(forgedBefore + 1);
        assertThat(unrelayed.health().getStatus()).isEqualTo(Status.DOWN);

        // the manifest, the audit log's account, lists it once under its own case: the audit side shows it missing
        assertThat(listed(skipped.caseId())).containsOnlyOnce(skipped.eventId());
        assertThat(allListed()).containsOnlyOnce(skipped.eventId());

        resolveTheDeadLettersThisTestCaused();
        assertThat(unrelayed.health().getStatus()).isEqualTo(Status.UP);
    }

    /**
     * A row is the manifests' word for what stands at a position: one written there under another event id used to put
     * that id in the manifest, under any case the insider chose, in place of the event the store holds there.
     */
    @Test
    void aRelayedRowCannotPutAnotherEventInTheManifestInPlaceOfTheOneStored() {
        UUID madeUp = UUID.randomUUID();
        UUID otherCase = UUID.randomUUID();
        Skipped skipped = skipANote((position, eventId, caseId, opening) ->
                assertThat(writeRelayedRow(position, madeUp, otherCase, opening)).isEqualTo(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> listed(skipped.caseId()).contains(skipped.eventId()));
        assertThat(allListed()).as("the made-up event is in no manifest").doesNotContain(madeUp);
        assertThat(listed(otherCase)).isEmpty();
        assertThat(superuser.sql("SELECT error_class FROM publish_dead_letter WHERE event_id = ?")
                .param(skipped.eventId()).query(String.class).list()).containsExactly(UnrelayedEvents.NOT_RELAYED);
    }

    @Test
    void theRuntimeRoleCannotWriteARelayedRowWithoutASeal() {
        long far = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single() + 20_000_000;
        try {
            assertThatThrownBy(() -> jdbc.sql("INSERT INTO relayed_integration_event (global_index, event_id, case_id) VALUES (?, ?, ?)")
                    .params(far, UUID.randomUUID(), UUID.randomUUID()).update())
                    .isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessageContaining("a row without a seal is refused");
            // nor move the line of the rows from before seals, under which a row without one is taken
            assertThatThrownBy(() -> jdbc.sql("UPDATE relayed_integration_event_seal_boundary SET last_global_index_without_seal = ?")
                    .param(far).update()).isInstanceOf(DataAccessException.class);
            assertThatThrownBy(() -> jdbc.sql("DELETE FROM relayed_integration_event_seal_boundary").update())
                    .isInstanceOf(DataAccessException.class);
        } finally {
            superuser.sql("DELETE FROM relayed_integration_event WHERE global_index = ?").param(far).update();
        }
    }

    private record Skipped(UUID caseId, UUID eventId, long position) {
    }

    /**
     * A note of a new case that the relay never handles: recorded while the relay is stopped, the insider's row
     * written, and the relay's token moved past it, all as the service's own role.
     */
    private Skipped skipANote(Forger forger) {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        UUID opening = UUID.fromString(jdbc.sql("""
                        SELECT event_identifier FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND payload_type = 'case.CaseOpened'""")
                .param(caseId.toString()).query(String.class).single());
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT count(*) FROM relayed_integration_event WHERE event_id = ?")
                .param(opening).query(Long.class).single() == 1);

        StreamingEventProcessor relay = processing.eventProcessor(IntegrationEventRelay.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        relay.shutDown();
        try {
            Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal som aldrig når ut\"}");
            assertThat(note.status()).as(note.body()).isEqualTo(201);
            record Stored(UUID eventId, long position) {
            }
            Stored stored = jdbc.sql("""
                            SELECT event_identifier, global_index FROM domain_event_entry
                            WHERE aggregate_identifier = ? AND payload_type = 'case.NoteRecorded'""")
                    .param(caseId.toString())
                    .query((rs, n) -> new Stored(UUID.fromString(rs.getString(1)), rs.getLong(2)))
                    .single();
            setAside(stored.eventId());
            forger.write(stored.position(), stored.eventId(), caseId, opening);
            long last = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
            SerializedObject<byte[]> token = serializer.serialize(
                    GapAwareTrackingToken.newInstance(last, Collections.emptySortedSet()), byte[].class);
            assertThat(jdbc.sql("UPDATE token_entry SET token = ?, token_type = ? WHERE processor_name = ?")
                    .params(token.getData(), token.getType().getName(), IntegrationEventRelay.PROCESSING_GROUP)
                    .update()).isPositive();
            return new Skipped(caseId, stored.eventId(), stored.position());
        } finally {
            relay.start();
        }
    }

    /**
     * The row as the runtime role can write it: with the seal of a genuine row (the case's opening's) where the table
     * has seals, since no other seal of the service is to be had without its key.
     */
    private int writeRelayedRow(long position, UUID eventId, UUID caseId, UUID copySealOf) {
        boolean sealed = superuser.sql("""
                        SELECT count(*) FROM information_schema.columns
                        WHERE table_name = 'relayed_integration_event' AND column_name = 'seal'""")
                .query(Long.class).single() > 0;
        if (!sealed) {
            return jdbc.sql("INSERT INTO relayed_integration_event (global_index, event_id, case_id) VALUES (?, ?, ?)")
                    .params(position, eventId, caseId).update();
        }
        return jdbc.sql("""
                        INSERT INTO relayed_integration_event (global_index, event_id, case_id, seal_key_id, seal)
                        SELECT ?, ?, ?, seal_key_id, seal FROM relayed_integration_event WHERE event_id = ?""")
                .params(position, eventId, caseId, copySealOf).update();
    }

    private List<PublicationManifest.Item> items() {
        return jdbc.sql("SELECT cloud_event FROM publication_manifest WHERE stream = ?")
                .param(Stream.CASE_EVENTS.name())
                .query((rs, n) -> rs.getBytes(1)).list().stream()
                .map(bytes -> CloudEventCodec.dataAs(CloudEventCodec.fromBytes(bytes), PublicationManifest.class))
                .flatMap(m -> m.events().stream())
                .toList();
    }

    private List<UUID> listed(UUID caseId) {
        return items().stream().filter(item -> caseId.equals(item.caseId())).map(PublicationManifest.Item::eventId).toList();
    }

    private List<UUID> allListed() {
        return items().stream().map(PublicationManifest.Item::eventId).toList();
    }

    private double notRelayedCount() {
        var counter = meters.find("samverkan.publish.not.relayed").counter();
        return counter == null ? 0 : counter.count();
    }

    private double forgedRelayedRows() {
        var counter = meters.find("samverkan.event.store.forged").tag("kind", "relayed").counter();
        return counter == null ? 0 : counter.count();
    }
}
