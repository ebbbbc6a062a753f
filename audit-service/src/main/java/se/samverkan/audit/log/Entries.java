package se.samverkan.audit.log;

import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseIntegrationEvent;
import se.samverkan.contracts.cases.ReferralSent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Turns Kafka record values and the service's own facts into log entries with their search keys. */
public final class Entries {

    public static final URI SOURCE = URI.create("/samverkan/audit-service");
    public static final String INTERNAL = "audit-service";

    public static final String AUDIT_LOG_READ = "se.samverkan.audit.audit-log-read.v1";
    public static final String REVIEW_DECIDED = "se.samverkan.audit.review-decided.v1";
    public static final String EVENT_REJECTED = "se.samverkan.audit.event-rejected.v1";

    private Entries() {
    }

    /**
     * The record value is stored byte for byte. Events of a known type must match their contract; a valid envelope
     * of a type this service does not know yet is still logged (with envelope keys only) rather than rejected.
     */
    public static PendingEntry fromRecord(String topic, byte[] value) {
        CloudEvent envelope = CloudEventCodec.fromBytes(value);
        IntegrationEvent event = EventTypes.byType(envelope.type()).isPresent() ? CloudEventCodec.data(envelope) : null;
        UUID caseId = null;
        UUID subjectId = null;
        ActorRef actor = null;
        String action = envelope.type();
        String legalBasis = null;
        String outcome = null;
        UUID reference = null;
        Instant occurredAt = envelope.time();
        switch (event) {
            case CaseIntegrationEvent c -> {
                if (c.caseRef() == null) {
                    throw new MalformedEventException(envelope.type() + " without a caseRef");
                }
                caseId = c.caseRef().caseId();
                subjectId = c.caseRef().subjectId();
                actor = c.actor();
                occurredAt = c.occurredAt() != null ? c.occurredAt() : occurredAt;
                if (c instanceof ReferralSent sent) {
                    legalBasis = sent.legalBasis() == null ? null : sent.legalBasis().name();
                    reference = sent.referralId();
                }
            }
            case AccessRecorded a -> {
                if (a.actor() == null || a.action() == null || a.outcome() == null) {
                    throw new MalformedEventException("access-recorded event without actor, action or outcome");
                }
                caseId = a.caseId();
                subjectId = a.subjectId();
                actor = a.actor();
                action = a.action().name();
                legalBasis = a.legalBasis();
                outcome = a.outcome().name();
                reference = a.referralId();
                occurredAt = a.occurredAt() != null ? a.occurredAt() : occurredAt;
            }
            case se.samverkan.contracts.access.DirectoryEntryChanged d -> {
                // an administrator's edit of a directory copy: searchable by who did it and what was asked for
                actor = d.actor();
                action = d.change() == null ? envelope.type() : d.change().name();
                outcome = d.outcome() == null ? null : d.outcome().name();
                occurredAt = d.occurredAt() != null ? d.occurredAt() : occurredAt;
            }
            case null, default -> {
            }
        }
        return new PendingEntry(envelope.eventId(), topic, envelope.type(), caseId, subjectId,
                actor == null ? null : actor.userId(), action, legalBasis, outcome, reference, occurredAt, value,
                CloudEventCodec.mapper().writeValueAsString(envelope), event);
    }

    /** An entry the service writes about itself (reads of the log, review decisions, rejected records). */
    public static PendingEntry internal(UUID eventId, String type, String subject, Instant at, ActorRef actor,
                                        UUID caseId, UUID reference, JsonNode data) {
        Instant time = at.truncatedTo(ChronoUnit.MILLIS);
        CloudEvent envelope = new CloudEvent(CloudEvent.SPEC_VERSION, eventId.toString(), SOURCE, type, subject, time,
                "application/json", null, data);
        byte[] bytes = CloudEventCodec.toBytes(envelope);
        return new PendingEntry(eventId, INTERNAL, type, caseId, null, actor == null ? null : actor.userId(), type, null,
                null, reference, time, bytes, new String(bytes, java.nio.charset.StandardCharsets.UTF_8), null);
    }

    public static ObjectNode object() {
        return CloudEventCodec.mapper().createObjectNode();
    }
}
