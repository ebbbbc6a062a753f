package se.samverkan.audit.log;

import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.signing.VerifiedEvent;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseIntegrationEvent;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Turns Kafka record values and the service's own facts into log entries, and says what an entry is about (case,
 * subject, actor, municipalities...). That derivation reads nothing but the entry's bytes, and the search columns
 * are written from it, so answers and the integrity check recompute them from the signed bytes instead of trusting
 * columns a database superuser could change.
 */
public final class Entries {

    public static final URI SOURCE = URI.create("/samverkan/audit-service");
    public static final String INTERNAL = "audit-service";

    public static final String AUDIT_LOG_READ = "se.samverkan.audit.audit-log-read.v1";
    /**
     * A review decision with the officer's comment in its data: free text signed into the log for ever, so no longer
     * written (read only, for the decisions that hold it).
     */
    public static final String REVIEW_DECIDED = "se.samverkan.audit.review-decided.v1";
    /**
     * A review decision whose data holds a keyed digest of the officer's comment ({@code commentDigest}) instead of
     * the comment, which is kept where it can be erased (review/ReviewComments). A new version, not an addition to
     * v1: v1's {@code comment} is gone.
     */
    public static final String REVIEW_DECIDED_V2 = "se.samverkan.audit.review-decided.v2";
    /** Every version of a review decision: whatever reads decisions reads them all. */
    public static final java.util.Set<String> REVIEW_DECISIONS = java.util.Set.of(REVIEW_DECIDED, REVIEW_DECIDED_V2);
    public static final String EVENT_REJECTED = "se.samverkan.audit.event-rejected.v1";
    /** A record whose producer could not be proven (issue 16's FORGED_EVENT): refused, dead-lettered, never appended. */
    public static final String FORGED_EVENT_REFUSED = "se.samverkan.audit.forged-event-refused.v1";
    /** A disagreement of the log with case-service's publication manifests (reconcile/Reconciliation). */
    public static final String RECONCILIATION_DISCREPANCY = "se.samverkan.audit.reconciliation-discrepancy.v1";
    /**
     * This log, as a witness, refused another log's validly signed checkpoint because it contradicts one it cosigned
     * (issue 14: rollback, fork or a consistency proof that does not verify); the entry keeps the evidence.
     */
    public static final String WITNESS_ALARM = "se.samverkan.audit.witness-alarm.v1";
    /**
     * From here on every review item carries a seal of the key this entry names (review/ReviewQueueIntegrity): the
     * line an item raised later without one is found by, which nothing in the database can move.
     */
    public static final String REVIEW_SEALS_BEGAN = "se.samverkan.audit.review-seals-began.v1";
    private static final java.util.Set<String> INTERNAL_TYPES = java.util.Set.of(AUDIT_LOG_READ, REVIEW_DECIDED, REVIEW_DECIDED_V2,
            EVENT_REJECTED, FORGED_EVENT_REFUSED, RECONCILIATION_DISCREPANCY, WITNESS_ALARM, REVIEW_SEALS_BEGAN);

    private Entries() {
    }

    /** The types of the entries this service writes about itself. */
    public static java.util.Set<String> internalTypes() {
        return INTERNAL_TYPES;
    }

    /**
     * The record value is stored byte for byte, producer signature and key id included, as {@link
     * se.samverkan.contracts.signing.EventVerifier} verified it (its envelope is reused, not parsed again). Events of a
     * known type must match their contract; a valid envelope of a type this service does not know yet is still logged
     * (with envelope keys only) rather than rejected.
     */
    public static PendingEntry fromRecord(String topic, byte[] value, VerifiedEvent verified) {
        return derive(topic, value, verified.event(), verified.keyId());
    }

    /** The same entry from the bytes alone (parsed here), for a record whose producer is not in question. */
    public static PendingEntry fromRecord(String topic, byte[] value) {
        return derive(topic, value);
    }

    /**
     * What a stored entry is about, from its bytes alone.
     *
     * @throws MalformedEventException when the bytes are no longer an envelope of a known contract (changed bytes)
     */
    public static PendingEntry fromStored(byte[] bytes) {
        return derive(null, bytes);
    }

    private static PendingEntry derive(String topic, byte[] value) {
        JsonNode tree = readTree(value);
        // the key id the entry's producer signature names; only a value with a signature tail has one
        String producerKeyId = SignedEnvelope.split(value).isPresent() && tree.get(SignedEnvelope.KEY_ID_ATTRIBUTE) instanceof JsonNode id
                && id.isString() && EventKeys.isKeyId(id.asString()) ? id.asString() : null;
        return derive(topic, value, envelope(tree), producerKeyId);
    }

    private static PendingEntry derive(String topic, byte[] value, CloudEvent envelope, String producerKeyId) {
        boolean internal = SOURCE.equals(envelope.source()) && INTERNAL_TYPES.contains(envelope.type());
        if (internal && topic != null) {
            // only this service writes its own entries; a record claiming to be one would dodge the review rules
            throw new MalformedEventException("a record from " + topic + " posing as an audit-service entry");
        }
        IntegrationEvent event = !internal && EventTypes.byType(envelope.type()).isPresent() ? CloudEventCodec.data(envelope) : null;
        UUID caseId = null;
        UUID subjectId = null;
        ActorRef actor = null;
        String action = envelope.type();
        String legalBasis = null;
        String outcome = null;
        UUID reference = null;
        String caseMunicipality = null;
        Instant occurredAt = envelope.time();
        switch (event) {
            case CaseIntegrationEvent c -> {
                if (c.caseRef() == null) {
                    throw new MalformedEventException(envelope.type() + " without a caseRef");
                }
                caseId = c.caseRef().caseId();
                subjectId = c.caseRef().subjectId();
                caseMunicipality = c.caseRef().municipality();
                actor = c.actor();
                occurredAt = c.occurredAt() != null ? c.occurredAt() : occurredAt;
                if (c instanceof ReferralSent sent) {
                    legalBasis = sent.legalBasis();
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
                caseMunicipality = a.owningMunicipality();
                occurredAt = a.occurredAt() != null ? a.occurredAt() : occurredAt;
            }
            case se.samverkan.contracts.effects.EffectFiguresPublished f -> {
                // a municipality's monthly effect figures (issue 15): aggregates about no case and no person, kept in
                // the log like everything case-service publishes, and read by that municipality's officers
                caseMunicipality = f.municipality();
                occurredAt = f.issuedAt() != null ? f.issuedAt() : occurredAt;
            }
            case se.samverkan.contracts.access.DirectoryEntryChanged d -> {
                // an administrator's edit of a directory copy: searchable by who did it and what was asked for
                actor = d.actor();
                action = d.change() == null ? envelope.type() : d.change().name();
                outcome = d.outcome() == null ? null : d.outcome().name();
                occurredAt = d.occurredAt() != null ? d.occurredAt() : occurredAt;
            }
            case null, default -> {
                if (internal && envelope.data() instanceof ObjectNode data) {
                    actor = internalActor(data);
                    caseId = uuid(data.get("caseId"));
                    if (caseId == null && data.get("criteria") instanceof ObjectNode criteria) {
                        caseId = uuid(criteria.get("caseId"));
                    }
                    reference = uuid(data.has("referenceId") ? data.get("referenceId") : data.get("reviewItemId"));
                    // an internal entry about a case belongs to the case's municipality, and only the officer's
                    // own municipality has cases it may name, so the reader's municipality stands for both
                    caseMunicipality = caseId == null || actor == null ? null : actor.municipality();
                    // a reconciliation finding has no actor: the case's municipality is what the log's entries said
                    if (caseMunicipality == null && caseId != null && data.get("caseMunicipality") instanceof JsonNode m && m.isString()) {
                        caseMunicipality = m.asString();
                    }
                }
            }
        }
        String source = internal ? INTERNAL : topic != null ? topic
                : EventTypes.byType(envelope.type()).map(EventTypes.Entry::topic).orElse(null);
        return new PendingEntry(envelope.eventId(), source, envelope.type(), caseId, subjectId,
                actor == null ? null : actor.userId(), action, legalBasis, outcome, reference, occurredAt, value,
                internal ? envelope.data() : null, event, caseMunicipality, staffMunicipality(actor, caseMunicipality), producerKeyId);
    }

    /**
     * The municipality whose staff the actor is, which lets its officers read what she did with another's case. A
     * police liaison's token names a municipality too, but the police are no municipality's staff and a police unit
     * serves several: what the police did with a case is read by the case's owners. Only an entry that names no owner
     * (an access event from before {@code owningMunicipality}) falls back to the liaison's municipality, as before.
     */
    private static String staffMunicipality(ActorRef actor, String caseMunicipality) {
        if (actor == null || actor.agency() == se.samverkan.contracts.Agency.POLICE && caseMunicipality != null) {
            return null;
        }
        return actor.municipality();
    }

    private static JsonNode readTree(byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        try {
            JsonNode tree = CloudEventCodec.mapper().readTree(value);
            if (tree == null || !tree.isObject()) {
                throw new MalformedEventException("not a CloudEvents 1.0 JSON envelope");
            }
            return tree;
        } catch (JacksonException e) {
            throw new MalformedEventException("not a CloudEvents 1.0 JSON envelope: " + e.getMessage(), e);
        }
    }

    private static CloudEvent envelope(JsonNode tree) {
        try {
            CloudEvent event = CloudEventCodec.mapper().treeToValue(tree, CloudEvent.class);
            event.eventId();
            return event;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not a CloudEvents 1.0 JSON envelope: " + e.getMessage(), e);
        }
    }

    /** Entries written before the actor was stored under one name call it reader (log reads) or officer (decisions). */
    private static ActorRef internalActor(ObjectNode data) {
        for (String field : new String[]{"actor", "reader", "officer"}) {
            JsonNode node = data.get(field);
            if (node != null && node.isObject()) {
                return CloudEventCodec.mapper().treeToValue(node, ActorRef.class);
            }
        }
        return null;
    }

    private static UUID uuid(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            return UUID.fromString(node.asString());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("not a UUID in an audit-service entry");
        }
    }

    /**
     * An entry the service writes about itself (reads of the log, review decisions, rejected and refused records).
     * The actor, case and reference are written into the data, so they can be derived from the bytes like any other
     * entry's; the bytes are signed with audit-service's own event key like everything it publishes, so every entry
     * of the log, the service's own included, carries a producer signature the offline verifier checks.
     */
    public static PendingEntry internal(EventSigner signer, UUID eventId, String type, String subject, Instant at, ActorRef actor,
                                        UUID caseId, UUID reference, JsonNode data) {
        Instant time = at.truncatedTo(ChronoUnit.MILLIS);
        ObjectNode body = data instanceof ObjectNode object ? object.deepCopy() : object();
        if (actor != null) {
            body.set("actor", CloudEventCodec.toTree(actor));
        }
        if (caseId != null) {
            body.put("caseId", caseId.toString());
        }
        if (reference != null) {
            body.put("referenceId", reference.toString());
        }
        CloudEvent envelope = new CloudEvent(CloudEvent.SPEC_VERSION, eventId.toString(), SOURCE, type, subject, time,
                "application/json", null, body);
        return derive(null, signer.sign(envelope));
    }

    public static ObjectNode object() {
        return CloudEventCodec.mapper().createObjectNode();
    }
}
