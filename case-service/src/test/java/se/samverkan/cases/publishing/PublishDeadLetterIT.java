package se.samverkan.cases.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.domain.ActedBy;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * Issue 10 item 7: a record the real broker refuses for good (over the producer's 1 MB {@code max.request.size}) is
 * set aside with an alert and the relay goes on with the next event; before, it was retried for ever and every later
 * event of every case waited behind it. Item 6's read-side tolerance too: a stored free-text value still loads, but
 * is not published.
 */
class PublishDeadLetterIT extends IntegrationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PublishDeadLetters deadLetters;

    @Autowired
    MeterRegistry meters;

    private final List<UUID> cases = new ArrayList<>();

    @AfterEach
    void resolveWhatThisTestSetAside() {
        cases.forEach(c -> superuser.sql("UPDATE publish_dead_letter SET resolved_at = now() WHERE case_id = ?")
                .param(c.toString()).update());
    }

    /**
     * The one check both ways of setting an event aside use (the relay's {@link PublishDeadLetters#record} and the
     * manifests' {@link UnrelayedEvents}): a row under the same error class is the service's earlier word, one under
     * another class (the runtime role may insert dead letters) is told apart, the first time and after.
     */
    @Test
    void writingADeadLetterTellsOursFromOneWrittenAheadUnderAnotherErrorClass() {
        UUID ours = UUID.randomUUID();
        UUID ahead = UUID.randomUUID();
        UUID caseId = UUID.randomUUID();
        cases.add(caseId);
        PublishDeadLetters.Stream stream = PublishDeadLetters.Stream.CASE_EVENTS;

        assertThat(deadLetters.write(stream, ours, "NoteRecorded", caseId.toString(), null, UnrelayedEvents.NOT_RELAYED))
                .isEqualTo(PublishDeadLetters.Written.INSERTED);
        assertThat(deadLetters.write(stream, ours, "NoteRecorded", caseId.toString(), null, UnrelayedEvents.NOT_RELAYED))
                .isEqualTo(PublishDeadLetters.Written.OURS_ALREADY);

        // the insider's row first, as the service's own role
        assertThat(jdbc.sql("""
                        INSERT INTO publish_dead_letter (stream, event_id, event_type, case_id, error_class)
                        VALUES ('CASE_EVENTS', ?, 'NoteRecorded', ?, 'RecordTooLarge')""")
                .params(ahead, caseId.toString()).update()).isEqualTo(1);
        assertThat(deadLetters.write(stream, ahead, "NoteRecorded", caseId.toString(), null, UnrelayedEvents.NOT_RELAYED))
                .isEqualTo(PublishDeadLetters.Written.MASKED);
        assertThat(deadLetters.write(stream, ahead, "NoteRecorded", caseId.toString(), null, UnrelayedEvents.NOT_RELAYED))
                .isEqualTo(PublishDeadLetters.Written.MASKED_BEFORE);
        assertThat(deadLetters.maskedWhileWriting(stream, UnrelayedEvents.NOT_RELAYED)).contains(ahead).doesNotContain(ours);
        assertThat(deadLetters.maskedWhileWriting(stream, "ForgedAtSource")).doesNotContain(ahead);
        assertThat(superuser.sql("SELECT error_class FROM publish_dead_letter WHERE event_id = ?").param(ahead)
                .query(String.class).single()).as("the row written ahead is kept, as evidence").isEqualTo("RecordTooLarge");
    }

    @Test
    void aRecordTooLargeForKafkaIsSetAsideWithAnAlertAndTheNextEventIsStillPublished() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        cases.add(caseId);
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-opened.v1", caseId));
        // stored past every request bound (as an older version, a bug or a database edit could): ~1.3 MB of team
        List<String> hugeTeam = new ArrayList<>(List.of(SOCIAL_WORKER.id()));
        IntStream.range(0, 30_000).forEach(i -> hugeTeam.add("user-" + UUID.randomUUID()));
        UUID bigEventId = append(caseId, new CaseEvent.CaseTeamAssigned(new CaseId(caseId), hugeTeam, ActedBy.of(SOCIAL_WORKER.actor()), Instant.now()));
        double alertsBefore = alerts("RecordTooLargeException");

        Response note = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Efter det stora laget\"}");

        assertThat(note.status()).isEqualTo(201);
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", caseId));
        assertThat(events(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-team-changed.v1", caseId))).isEmpty();
        DeadLetter row = deadLetter(bigEventId);
        assertThat(row.type()).isEqualTo("se.samverkan.case.case-team-changed.v1");
        assertThat(row.errorClass()).isEqualTo("RecordTooLargeException");
        assertThat(row.size()).isGreaterThan(1_048_576);
        assertThat(alerts("RecordTooLargeException")).isGreaterThan(alertsBefore);
        assertThat(deadLetters.health().getStatus()).isEqualTo(PublishDeadLetters.WARN);
        assertThat(get(null, "/actuator/health").body()).contains("\"WARN\"");
        // issue 16: still listed in the publication manifests (by the id the audit log would have seen), so the
        // reconciliation shows it missing from the log
        await().atMost(Duration.ofSeconds(30)).until(() -> events(Topics.CASE_EVENTS,
                e -> "se.samverkan.case.publication-manifest.v1".equals(e.type())).stream()
                .map(e -> CloudEventCodec.dataAs(e, se.samverkan.contracts.reconciliation.PublicationManifest.class))
                .flatMap(m -> m.events().stream())
                .anyMatch(item -> item.eventId().equals(bigEventId) && caseId.equals(item.caseId())));
    }

    @Test
    void aStoredFreeTextCodeStillLoadsButNeverReachesKafka() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        cases.add(caseId);
        String name = "Kim Andersson Exempelsson";
        UUID legacyEventId = append(caseId, new CaseEvent.MeasureRecorded(new CaseId(caseId), UUID.randomUUID().toString(),
                name, LocalDate.of(2026, 1, 1), null, ActedBy.of(SOCIAL_WORKER.actor()), Instant.now(), null));

        Response read = get(SOCIAL_WORKER, "/api/cases/" + caseId);
        Response measure = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"MENTOR\",\"startDate\":\"2026-12-01\"}");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains(name);
        assertThat(measure.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> events(Topics.CASE_EVENTS,
                ofType("se.samverkan.case.measure-recorded.v1", caseId)).stream().anyMatch(e -> e.data().toString().contains("MENTOR")));
        assertThat(records(Topics.CASE_EVENTS)).noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(name));
        assertThat(deadLetter(legacyEventId).errorClass()).isEqualTo("ContractViolation");
    }

    private record DeadLetter(String type, String errorClass, int size) {
    }

    private DeadLetter deadLetter(UUID eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM publish_dead_letter WHERE event_id = ?")
                .param(eventId).query(Long.class).single() == 1);
        return jdbc.sql("SELECT event_type, error_class, coalesce(size_bytes, 0) FROM publish_dead_letter WHERE event_id = ?")
                .param(eventId).query((rs, n) -> new DeadLetter(rs.getString(1), rs.getString(2), rs.getInt(3))).single();
    }

    private double alerts(String reason) {
        var counter = meters.find("samverkan.publish.dead.letters").tag("stream", "CASE_EVENTS").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Appends straight to the event store, past the API and the aggregate, as stored history may look. */
    private UUID append(UUID caseId, CaseEvent event) {
        String type = jdbc.sql("SELECT type FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(caseId.toString()).query(String.class).single();
        long next = eventStore.lastSequenceNumberFor(caseId.toString()).orElseThrow() + 1;
        GenericDomainEventMessage<CaseEvent> message = new GenericDomainEventMessage<>(type, caseId.toString(), next, event);
        transactions.executeWithoutResult(status -> eventStore.publish(message));
        return UUID.fromString(message.getIdentifier());
    }
}
