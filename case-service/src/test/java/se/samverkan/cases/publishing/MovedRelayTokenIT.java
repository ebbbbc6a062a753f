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
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.reconciliation.PublicationManifest.Stream;
import se.samverkan.contracts.CloudEventCodec;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * The runtime role may UPDATE {@code token_entry} (Axon's token store: the processors move their tokens), so anyone
 * with the service's database password can move the integration relay's token past events: they are never published.
 * The publication manifests used to list only what the relay said it handled ({@code relayed_integration_event}), so
 * the skipped events were in no manifest either and the audit log's reconciliation never learnt of them. Here the
 * token is moved exactly as such an insider could, through the service's own connection ({@link #jdbc}).
 */
class MovedRelayTokenIT extends IntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    Serializer serializer;
    @Autowired
    UnrelayedEvents unrelayed;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PublicationManifests manifests;

    @Test
    void eventsTheRelaysTokenWasMovedPastAreListedInTheManifestsAndAlerted() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        double before = notRelayedCount();

        StreamingEventProcessor relay = processing.eventProcessor(IntegrationEventRelay.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        relay.shutDown();
        List<UUID> skipped;
        try {
            Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal som aldrig publiceras\"}");
            assertThat(note.status()).as(note.body()).isEqualTo(201);
            skipped = jdbc.sql("""
                            SELECT event_identifier FROM domain_event_entry
                            WHERE aggregate_identifier = ? AND payload_type = 'case.NoteRecorded'""")
                    .param(caseId.toString()).query(String.class).list().stream().map(UUID::fromString).toList();
            assertThat(skipped).hasSize(1);
            setAside(skipped);
            long last = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();

            // the insider's move: the relay's token past the note, as the service's own role
            SerializedObject<byte[]> token = serializer.serialize(
                    GapAwareTrackingToken.newInstance(last, Collections.emptySortedSet()), byte[].class);
            assertThat(jdbc.sql("UPDATE token_entry SET token = ?, token_type = ? WHERE processor_name = ?")
                    .params(token.getData(), token.getType().getName(), IntegrationEventRelay.PROCESSING_GROUP)
                    .update()).isPositive();
        } finally {
            relay.start();
        }

        // the relay goes on past it: a later event is published, the note never
        UUID later = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", later));
        assertThat(events(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", caseId))).isEmpty();

        // but the manifests, which read the store itself, list it: the audit log will show it missing
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(caseId).containsAll(skipped) && !listed(later).isEmpty());
        List<UUID> listedTwice = listed(caseId).stream().filter(id -> Collections.frequency(listed(caseId), id) > 1).toList();
        assertThat(listedTwice).as("listed once").isEmpty();

        // set aside and alerted once, without content; the health is DOWN until an operator resolves it
        assertThat(superuser.sql("SELECT error_class || ' ' || event_type || ' ' || case_id FROM publish_dead_letter WHERE event_id = ?")
                .param(skipped.getFirst()).query(String.class).single()).isEqualTo("NotRelayed NoteRecorded " + caseId);
        assertThat(notRelayedCount()).isEqualTo(before + 1);
        assertThat(unrelayed.health().getStatus()).isEqualTo(Status.DOWN);

        resolveTheDeadLettersThisTestCaused();
        assertThat(unrelayed.health().getStatus()).isEqualTo(Status.UP);
    }

    /**
     * The runtime role may insert dead letters: one written ahead, under another error class, for the event whose
     * skip is about to be made, used to take its place ({@code ON CONFLICT DO NOTHING}), and the skip was neither
     * alerted nor counted, and the health stayed UP. The skip is reported all the same.
     */
    @Test
    void aDeadLetterWrittenAheadUnderAnotherErrorClassDoesNotSilenceTheSkip() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        double before = notRelayedCount();

        StreamingEventProcessor relay = processing.eventProcessor(IntegrationEventRelay.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        relay.shutDown();
        UUID skipped;
        try {
            Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal som döljs\"}");
            assertThat(note.status()).as(note.body()).isEqualTo(201);
            skipped = UUID.fromString(jdbc.sql("""
                            SELECT event_identifier FROM domain_event_entry
                            WHERE aggregate_identifier = ? AND payload_type = 'case.NoteRecorded'""")
                    .param(caseId.toString()).query(String.class).single());
            setAside(skipped);
            // the insider's moves, as the service's own role: a harmless-looking dead letter for the note first ...
            assertThat(jdbc.sql("""
                            INSERT INTO publish_dead_letter (stream, event_id, event_type, case_id, error_class)
                            VALUES ('CASE_EVENTS', ?, 'NoteRecorded', ?, 'RecordTooLarge')""")
                    .params(skipped, caseId.toString()).update()).isEqualTo(1);
            // ... then the relay's token past it
            long last = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
            SerializedObject<byte[]> token = serializer.serialize(
                    GapAwareTrackingToken.newInstance(last, Collections.emptySortedSet()), byte[].class);
            assertThat(jdbc.sql("UPDATE token_entry SET token = ?, token_type = ? WHERE processor_name = ?")
                    .params(token.getData(), token.getType().getName(), IntegrationEventRelay.PROCESSING_GROUP)
                    .update()).isPositive();
        } finally {
            relay.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> listed(caseId).contains(skipped));
        await().atMost(Duration.ofSeconds(10)).until(() -> notRelayedCount() == before + 1);
        assertThat(unrelayed.health().getStatus()).isEqualTo(Status.DOWN);

        resolveTheDeadLettersThisTestCaused();
        assertThat(unrelayed.health().getStatus()).isEqualTo(Status.UP);
    }

    /**
     * The relay puts a case's facts on every event from what it remembered of the case's {@code CaseOpened}
     * ({@code integration_case_ref}). A token moved past a {@code CaseOpened} left it with nothing for that case, so the
     * case's next event failed and was retried for ever: no event of any case was published again (one row's outage).
     * Now that event is set aside ({@code CaseRefMissing}, still listed) and every other case's events go out.
     */
    @Test
    void aTokenMovedPastACaseOpenedSetsThatCasesNextEventAsideAndTheOtherCasesGoOn() {
        UUID first = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", first));
        double before = deadLetters("CaseRefMissing");

        StreamingEventProcessor relay = processing.eventProcessor(IntegrationEventRelay.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        relay.shutDown();
        UUID orphan;
        try {
            orphan = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
            // the opening and what it scheduled: each one skipped, so set aside as NotRelayed by the manifests
            setAside(eventsOf(orphan, "%"));
            long last = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
            // the insider's move: the relay's token past the case's opening, as the service's own role
            SerializedObject<byte[]> token = serializer.serialize(
                    GapAwareTrackingToken.newInstance(last, Collections.emptySortedSet()), byte[].class);
            assertThat(jdbc.sql("UPDATE token_entry SET token = ?, token_type = ? WHERE processor_name = ?")
                    .params(token.getData(), token.getType().getName(), IntegrationEventRelay.PROCESSING_GROUP)
                    .update()).isPositive();
        } finally {
            relay.start();
        }

        Response note = post(SOCIAL_WORKER, "/api/cases/" + orphan + "/notes", "{\"text\":\"Anteckning utan känt ärende\"}");
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        List<UUID> noteEvent = eventsOf(orphan, "case.NoteRecorded");
        assertThat(noteEvent).hasSize(1);
        setAside(noteEvent);
        UUID other = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response otherNote = post(SOCIAL_WORKER, "/api/cases/" + first + "/notes", "{\"text\":\"Vanlig anteckning\"}");
        assertThat(otherNote.status()).as(otherNote.body()).isEqualTo(201);

        // the other cases' events still reach Kafka
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", other));
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", first));
        assertThat(events(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", orphan))).isEmpty();
        assertThat(events(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", orphan))).isEmpty();

        // the note is set aside, once, with the reason and no content
        assertThat(superuser.sql("""
                        SELECT error_class || ' ' || event_type || ' ' || case_id || ' ' || (size_bytes IS NULL)
                        FROM publish_dead_letter WHERE event_id = ?""")
                .param(noteEvent.getFirst()).query(String.class).single())
                .isEqualTo("CaseRefMissing NoteRecorded " + orphan + " true");
        assertThat(deadLetters("CaseRefMissing")).isEqualTo(before + 1);

        // both of the case's events are listed, so the audit log shows them missing; the opening as NotRelayed
        UUID opening = eventsOf(orphan, "case.CaseOpened").getFirst();
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(orphan).containsAll(List.of(opening, noteEvent.getFirst()))
                && !listed(other).isEmpty());
        assertThat(listed(orphan)).as("listed once").doesNotHaveDuplicates();
        assertThat(superuser.sql("SELECT error_class FROM publish_dead_letter WHERE event_id = ?")
                .param(opening).query(String.class).single())
                .isEqualTo(UnrelayedEvents.NOT_RELAYED);
    }

    /**
     * What the relay knows of the cases survives a reset: a reset to a later position (the runbook's way to re-send a
     * dead letter) replays no {@code CaseOpened} of the cases opened before it, and with their records forgotten every
     * later event of those cases, all genuine, would have been set aside as {@code CaseRefMissing}.
     */
    @Test
    void aResetToALaterPositionSetsNoEventOfAnEarlierCaseAside() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        long after = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();

        StreamingEventProcessor relay = processing.eventProcessor(IntegrationEventRelay.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        relay.shutDown();
        try {
            relay.resetTokens(GapAwareTrackingToken.newInstance(after, Collections.emptySortedSet()));
        } finally {
            relay.start();
        }
        Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Efter återställningen\"}");
        assertThat(note.status()).as(note.body()).isEqualTo(201);

        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", caseId));
        assertThat(superuser.sql("SELECT count(*) FROM publish_dead_letter WHERE case_id = ?")
                .param(caseId.toString()).query(Long.class).single()).isZero();
    }

    private List<UUID> eventsOf(UUID caseId, String payloadType) {
        return jdbc.sql("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?")
                .params(caseId.toString(), payloadType).query(String.class).list().stream().map(UUID::fromString).toList();
    }

    private double deadLetters(String reason) {
        var counter = meters.find("samverkan.publish.dead.letters").tag("stream", "CASE_EVENTS").tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * A token moved ahead of the store would let the manifests close ranges over positions no event holds yet, and an
     * event stored there later would be skipped by the relay and by the check alike. A range is closed only up to what
     * the store holds (and no command can still fill), whatever the token says.
     */
    @Test
    void aTokenMovedAheadOfTheStoreClosesNoRangeOverEventsNotYetStored() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        await().atMost(Duration.ofSeconds(30)).until(() -> !listed(caseId).isEmpty());

        StreamingEventProcessor relay = processing.eventProcessor(IntegrationEventRelay.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        relay.shutDown();
        Map<String, Object> honest = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ?")
                .param(IntegrationEventRelay.PROCESSING_GROUP).query().singleRow();
        long far = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single() + 10_000_000;
        try {
            // the insider's moves: a row saying something far ahead was relayed (with a genuine row's seal: one without
            // is refused, V37), and the token past it
            assertThat(jdbc.sql("""
                            INSERT INTO relayed_integration_event (global_index, event_id, case_id, seal_key_id, seal)
                            SELECT ?, ?, ?, seal_key_id, seal FROM relayed_integration_event
                            WHERE seal IS NOT NULL ORDER BY global_index DESC LIMIT 1""")
                    .params(far, UUID.randomUUID(), UUID.randomUUID()).update()).isEqualTo(1);
            SerializedObject<byte[]> token = serializer.serialize(
                    GapAwareTrackingToken.newInstance(far + 1, Collections.emptySortedSet()), byte[].class);
            jdbc.sql("UPDATE token_entry SET token = ?, token_type = ? WHERE processor_name = ?")
                    .params(token.getData(), token.getType().getName(), IntegrationEventRelay.PROCESSING_GROUP).update();
            manifests.catchUp(Stream.CASE_EVENTS);
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

            Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Efter det flyttade lägesmärket\"}");
            assertThat(note.status()).as(note.body()).isEqualTo(201);
            UUID noteEvent = UUID.fromString(jdbc.sql("""
                            SELECT event_identifier FROM domain_event_entry
                            WHERE aggregate_identifier = ? AND payload_type = 'case.NoteRecorded'""")
                    .param(caseId.toString()).query(String.class).single());
            setAside(noteEvent);
            await().atMost(Duration.ofSeconds(30)).until(() -> listed(caseId).contains(noteEvent));
            assertThat(superuser.sql("SELECT error_class FROM publish_dead_letter WHERE event_id = ?")
                    .param(noteEvent).query(String.class).single()).isEqualTo(UnrelayedEvents.NOT_RELAYED);
            assertThat(jdbc.sql("SELECT last_position FROM publication_manifest_stream WHERE stream = 'CASE_EVENTS'")
                    .query(Long.class).single()).as("no range closed past the store").isLessThan(far);
        } finally {
            // the operator's remedy: the relay back where it was, so it publishes what it skipped
            jdbc.sql("UPDATE token_entry SET token = ?, token_type = ? WHERE processor_name = ?")
                    .params(honest.get("token"), honest.get("token_type"), IntegrationEventRelay.PROCESSING_GROUP).update();
            superuser.sql("DELETE FROM relayed_integration_event WHERE global_index = ?").param(far).update();
            relay.start();
        }
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", caseId));
    }

    private List<UUID> listed(UUID caseId) {
        return jdbc.sql("SELECT cloud_event FROM publication_manifest WHERE stream = ?")
                .param(Stream.CASE_EVENTS.name())
                .query((rs, n) -> rs.getBytes(1)).list().stream()
                .map(bytes -> CloudEventCodec.dataAs(CloudEventCodec.fromBytes(bytes), PublicationManifest.class))
                .flatMap(m -> m.events().stream())
                .filter(item -> caseId.equals(item.caseId()))
                .map(PublicationManifest.Item::eventId)
                .toList();
    }

    private double notRelayedCount() {
        var counter = meters.find("samverkan.publish.not.relayed").counter();
        return counter == null ? 0 : counter.count();
    }
}
