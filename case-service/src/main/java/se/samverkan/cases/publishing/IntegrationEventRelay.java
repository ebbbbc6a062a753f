package se.samverkan.cases.publishing;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.kafka.CloudEventPublisher;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The event store is the outbox: this streaming processor reads it in order and sends each event to Kafka, waiting
 * for the broker's acknowledgement before its token moves on. The CloudEvent id is the Axon event id, so a replay
 * re-sends the same ids and consumers drop the duplicates. A record Kafka can never take (too large, not matching its
 * contract) goes to {@link PublishDeadLetters} with an alert, and the relay moves on; every other failure is retried.
 * Each event handled either way is remembered with its store position ({@code relayed_integration_event}, in the
 * transaction that moves the token) for the {@link PublicationManifests}.
 */
@Component
@ProcessingGroup(IntegrationEventRelay.PROCESSING_GROUP)
public class IntegrationEventRelay {

    public static final String PROCESSING_GROUP = "integration-publisher";

    private final CloudEventPublisher publisher;
    private final CloudEventCodec codec;
    private final JdbcClient jdbc;
    private final PublishDeadLetters deadLetters;

    public IntegrationEventRelay(CloudEventPublisher publisher, CloudEventCodec codec, JdbcClient jdbc,
                                 PublishDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.codec = codec;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CaseEvent event, EventMessage<?> message, TrackingToken token) {
        if (event instanceof CaseEvent.CaseOpened opened) {
            remember(IntegrationEventMapper.caseRef(opened));
        }
        if (event instanceof CaseEvent.ProtectedIdentityChanged changed) {
            jdbc.sql("UPDATE integration_case_ref SET protected_identity = ? WHERE case_id = ?")
                    .params(changed.to().name(), changed.caseId().value()).update();
        }
        CaseRef ref = caseRef(event.caseId().value());
        IntegrationEventMapper.map(event, ref).ifPresent(integrationEvent -> {
            UUID eventId = UUID.fromString(message.getIdentifier());
            CloudEvent cloudEvent = null;
            try {
                cloudEvent = codec.wrap(eventId, message.getTimestamp(), integrationEvent);
                // the contract is checked before sending: a stored value that is no code (older events could hold free
                // text) must not reach Kafka, where it could never be taken back
                List<String> violations = ContractSchemas.violations(cloudEvent.type(), cloudEvent.data());
                if (!violations.isEmpty()) {
                    throw new PublishFailures.ContractViolation(cloudEvent.type(), violations.size());
                }
                publisher.publish(cloudEvent).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing " + message.getIdentifier(), e);
            } catch (Exception e) {
                if (PublishFailures.isPermanent(e)) {
                    // set aside with an alert; the token moves on, so later events of every case still go out
                    deadLetters.record(PublishDeadLetters.Stream.CASE_EVENTS, eventId,
                            cloudEvent == null ? event.getClass().getSimpleName() : cloudEvent.type(),
                            event.caseId().value().toString(),
                            cloudEvent == null ? null : CloudEventCodec.toBytes(cloudEvent).length, e);
                    // still listed in the manifests: the audit log will show it missing, which is the point
                    relayed(token, eventId, event.caseId().value());
                    return;
                }
                // transient (broker down, timeout): the processor retries this event until Kafka acknowledges it
                throw new IllegalStateException("Kafka did not acknowledge event " + message.getIdentifier(), e);
            }
            relayed(token, eventId, event.caseId().value());
        });
    }

    /** A replay handles the same events again; their position and id do not change. */
    private void relayed(TrackingToken token, UUID eventId, UUID caseId) {
        long position = token == null || token.position().isEmpty()
                ? jdbc.sql("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?").param(eventId.toString())
                .query(Long.class).single()
                : token.position().getAsLong();
        jdbc.sql("""
                        INSERT INTO relayed_integration_event (global_index, event_id, case_id) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(position, eventId, caseId)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM integration_case_ref").update();
    }

    private void remember(CaseRef ref) {
        jdbc.sql("""
                        INSERT INTO integration_case_ref (case_id, program, municipality, unit, subject_id, protected_identity)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO NOTHING""")
                .params(ref.caseId(), ref.program().name(), ref.municipality(), ref.unit(), ref.subjectId(),
                        ref.protectedIdentity().name())
                .update();
    }

    private CaseRef caseRef(UUID caseId) {
        return jdbc.sql("SELECT * FROM integration_case_ref WHERE case_id = ?").param(caseId)
                .query((rs, n) -> new CaseRef(caseId, Program.valueOf(rs.getString("program")), rs.getString("municipality"),
                        rs.getString("unit"), rs.getObject("subject_id", UUID.class),
                        ProtectedIdentity.valueOf(rs.getString("protected_identity"))))
                .single();
    }
}
