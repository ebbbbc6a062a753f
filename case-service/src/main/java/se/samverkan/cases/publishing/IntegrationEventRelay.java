package se.samverkan.cases.publishing;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.storedevents.ForgedStoredEvent;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.outbox.BatchPublisher;
import se.samverkan.platform.outbox.OutgoingRecord;
import se.samverkan.platform.outbox.PublishFailures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The event store is the outbox: this streaming processor reads it in order, in batches of up to
 * {@code axon.eventhandling.processors.integration-publisher.batch-size} events in one unit of work, and hands each
 * batch to the platform's {@link BatchPublisher} when the unit of work prepares to commit: all records are sent at
 * once, the relay waits once for the broker, and only then does the token move (in the same transaction). A transient
 * failure rolls the whole batch back (token, {@code relayed_integration_event} rows) and the processor retries it; the
 * CloudEvent id is the Axon event id, so a re-sent batch carries the same ids and consumers drop the duplicates. A
 * record Kafka can never take (too large, not matching its contract) goes to {@link PublishDeadLetters} with an alert,
 * and the rest of the batch goes on, as does an event of a case the relay has no record of ({@code CaseRefMissing}:
 * its token was moved past the case's opening). Each event handled either way is remembered with its store position
 * ({@code relayed_integration_event}, sealed, in the transaction that moves the token: {@link RelayedEvents}) for the
 * {@link PublicationManifests}.
 */
@Component
@ProcessingGroup(IntegrationEventRelay.PROCESSING_GROUP)
public class IntegrationEventRelay {

    public static final String PROCESSING_GROUP = "integration-publisher";

    private static final String BATCH = IntegrationEventRelay.class.getName() + ".batch";

    /** What the relay remembers of a sent record: which event it was, and whose. */
    private record Relayed(UUID eventId, UUID caseId) {
    }

    private final BatchPublisher publisher;
    private final CloudEventCodec codec;
    private final JdbcClient jdbc;
    private final PublishDeadLetters deadLetters;
    private final RelayedEvents relayedEvents;

    public IntegrationEventRelay(CloudEventPublisher publisher, CloudEventCodec codec, JdbcClient jdbc,
                                 PublishDeadLetters deadLetters, RelayedEvents relayedEvents) {
        this.deadLetters = deadLetters;
        this.relayedEvents = relayedEvents;
        this.publisher = new BatchPublisher(publisher, Duration.ofSeconds(30));
        this.codec = codec;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CaseEvent event, EventMessage<?> message) {
        if (event instanceof CaseEvent.CaseOpened opened) {
            remember(IntegrationEventMapper.caseRef(opened));
        }
        // before the record is read: every event from here on, protection-changed itself included, carries the new level
        if (event instanceof CaseEvent.ProtectedIdentityChanged changed) {
            jdbc.sql("UPDATE integration_case_ref SET protected_identity = ? WHERE case_id = ?")
                    .params(changed.to().name(), changed.caseId().value()).update();
        }
        Optional<CaseRef> known = caseRef(event.caseId().value());
        if (known.isEmpty()) {
            caseRefMissing(event, message);
            return;
        }
        IntegrationEventMapper.map(event, known.get()).map(this::withheldIfDecided).ifPresent(integrationEvent -> {
            UUID eventId = UUID.fromString(message.getIdentifier());
            Relayed relayed = new Relayed(eventId, event.caseId().value());
            CloudEvent cloudEvent = null;
            try {
                cloudEvent = codec.wrap(eventId, message.getTimestamp(), integrationEvent);
                // the contract is checked before sending: a stored value that is no code (older events could hold free
                // text) must not reach Kafka, where it could never be taken back
                List<String> violations = ContractSchemas.producerViolations(cloudEvent.type(), cloudEvent.data());
                if (!violations.isEmpty()) {
                    throw new PublishFailures.ContractViolation(cloudEvent.type(), violations.size());
                }
            } catch (RuntimeException e) {
                if (!PublishFailures.isPermanent(e)) {
                    throw e;
                }
                setAside(relayed, cloudEvent == null ? event.getClass().getSimpleName() : cloudEvent.type(),
                        cloudEvent == null ? null : CloudEventCodec.toBytes(cloudEvent).length, e);
                return;
            }
            // the request's trace goes along as the record's header, outside the signed bytes (TraceMetadata)
            batch().add(OutgoingRecord.of(relayed, cloudEvent).withTraceparent(TraceMetadata.of(message)));
        });
    }

    /**
     * A stored event the service did not write (its MAC fails, {@code config.AuthenticEventStorageEngine}) reaches
     * the relay as its position only: it is never published (it would go out signed with the service's key, and the
     * audit log would keep it as the service's word), but set aside as forged with an alert, and not listed in the
     * publication manifests (the service never stored such an event). The token moves on.
     */
    @EventHandler
    void on(ForgedStoredEvent forged, DomainEventMessage<?> message) {
        deadLetters.record(PublishDeadLetters.Stream.CASE_EVENTS, ForgedStoredEvent.eventIdOf(message.getIdentifier()),
                "forged-stored-event", ForgedStoredEvent.uuid(message.getAggregateIdentifier()).map(UUID::toString).orElse(null),
                null, new PublishFailures.ForgedAtSource("the stored event at global index " + forged.globalIndex()
                        + " fails its authenticity check (" + forged.verdict() + ")"));
    }

    /**
     * The relay has no record of the case ({@code integration_case_ref}): it never handled the case's
     * {@code CaseOpened}, which it remembers before anything else of the case and in the same transaction as its own
     * token (one segment, events of a case in order, also within a batch), and which a replay from the start handles
     * again first; a reset keeps the records (see {@link #remember}). So the only way here is a token moved past the
     * case's opening with the runtime role's credentials (the opening is then reported as {@code NotRelayed} by the
     * publication manifests). Retrying could never succeed and would stop the publishing of every case; so an event
     * that would be published is set aside ({@link CaseRefMissing}: one ALERT without content, the dead-letter counter)
     * and still listed in the manifests (the audit log shows it missing), and the relay goes on. One that publishes
     * nothing is passed over, as it always is. A replay from the start publishes the case's events.
     */
    private void caseRefMissing(CaseEvent event, EventMessage<?> message) {
        if (!IntegrationEventMapper.publishes(event)) {
            return;
        }
        setAside(new Relayed(UUID.fromString(message.getIdentifier()), event.caseId().value()),
                event.getClass().getSimpleName(), null, new CaseRefMissing());
    }

    /**
     * Why an event was set aside: the relay has no record of its case (the dead letter's reason, by this class's name;
     * the message names no case or content).
     */
    static final class CaseRefMissing extends RuntimeException {
        CaseRefMissing() {
            super("the integration relay has no record of the event's case: its CaseOpened was never relayed", null,
                    false, false);
        }
    }

    /**
     * A report status the case's team decided its sender is not to be told (SoL 14 kap. 1 b §) is still published, for
     * the audit log, but marked so that no notice goes out. Read when the event is relayed: a status relayed after
     * the decision was lifted is told, one relayed while it holds is not (also on a replay, which tells nothing again).
     */
    private se.samverkan.contracts.cases.CaseIntegrationEvent withheldIfDecided(se.samverkan.contracts.cases.CaseIntegrationEvent event) {
        if (event instanceof se.samverkan.contracts.cases.ReportStatusChanged changed
                && jdbc.sql("SELECT count(*) FROM reporter_feedback_withholding WHERE report_id = ? AND lifted_at IS NULL")
                .param(changed.reportId()).query(Long.class).single() > 0) {
            return changed.withheld();
        }
        return event;
    }

    /** The records of this unit of work's batch; the first one registers the flush before the token moves. */
    private List<OutgoingRecord<Relayed>> batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            List<OutgoingRecord<Relayed>> batch = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> flush(batch));
            return batch;
        });
    }

    private void flush(List<OutgoingRecord<Relayed>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // transient failure: thrown, the unit of work rolls back, the processor retries the batch from its token
        BatchPublisher.Outcome<Relayed> outcome = publisher.publishAll(batch);
        // set aside with an alert; the token moves on, so later events of every case still go out
        outcome.refused().forEach(refused -> setAside(refused.record().handle(), refused.record().event().type(),
                CloudEventCodec.toBytes(refused.record().event()).length, refused.failure()));
        outcome.sent().forEach(sent -> relayed(sent.handle()));
    }

    private void setAside(Relayed relayed, String type, Integer size, Throwable failure) {
        deadLetters.record(PublishDeadLetters.Stream.CASE_EVENTS, relayed.eventId(), type, relayed.caseId().toString(),
                size, failure);
        // still listed in the manifests: the audit log will show it missing, which is the point
        relayed(relayed);
    }

    /**
     * Remembered under the event's own store position, read from the store, and sealed ({@link RelayedEvents}): the
     * tracking token's position is the highest index seen so far, so for an event that filled a gap (its transaction
     * committed after a later one's) it names another event's position, and the row was lost to that event's. A replay
     * handles the same events again; their position and id do not change.
     */
    private void relayed(Relayed relayed) {
        relayedEvents.record(relayed.eventId(), relayed.caseId());
    }

    /**
     * Remembers the case's facts for its later events. Kept across a reset of the processor (there is no reset
     * handler): a reset to a later position (to re-send a dead letter, or events a moved token skipped) replays no
     * {@code CaseOpened} of the cases opened before it, and with the records forgotten every later event of those cases
     * would be set aside as {@link CaseRefMissing}. A replay from the start still rebuilds each record as the case's
     * history had it: its {@code CaseOpened} sets the protection back to the opening's, and the changes follow in order.
     */
    private void remember(CaseRef ref) {
        jdbc.sql("""
                        INSERT INTO integration_case_ref (case_id, program, municipality, unit, subject_id, protected_identity)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (case_id) DO UPDATE SET protected_identity = EXCLUDED.protected_identity""")
                .params(ref.caseId(), ref.program().name(), ref.municipality(), ref.unit(), ref.subjectId(),
                        ref.protectedIdentity().name())
                .update();
    }

    private Optional<CaseRef> caseRef(UUID caseId) {
        return jdbc.sql("SELECT * FROM integration_case_ref WHERE case_id = ?").param(caseId)
                .query((rs, n) -> new CaseRef(caseId, Program.valueOf(rs.getString("program")), rs.getString("municipality"),
                        rs.getString("unit"), rs.getObject("subject_id", UUID.class),
                        ProtectedIdentity.valueOf(rs.getString("protected_identity"))))
                .optional();
    }
}
