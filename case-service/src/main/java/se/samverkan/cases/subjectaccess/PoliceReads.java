package se.samverkan.cases.subjectaccess;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.subjectaccess.SubjectAccessController.PoliceRead;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.platform.events.EventSigningProperties;
import se.samverkan.platform.outbox.OutboxTable;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Police reads and partner reads are in the access outbox (kept, never pruned), which is what audit-service also
 * received. Only what the service itself wrote counts: a row signed by it (V34 on), or an unsigned one from before it
 * signed at the source. A row someone put there with the service's database credentials is never sent (the relay sets
 * it aside as forged) and is no disclosure to tell the subject about either.
 */
@Component
class PoliceReads {

    private final JdbcClient jdbc;
    private final OutboxTable.SignedAtSource ownKeys;

    PoliceReads(JdbcClient jdbc, EventSigner signer, EventSigningProperties signing) {
        this.jdbc = jdbc;
        this.ownKeys = se.samverkan.cases.access.AccessOutbox.signedAtSource(signer, signing);
    }

    List<PoliceRead> ofCase(UUID caseId) {
        return accesses(caseId).stream()
                .filter(a -> "POLICE_READ_REFERRAL".equals(a.operation()) && a.outcome() == AccessOutcome.ALLOWED)
                .map(a -> new PoliceRead(a.referralId(), a.actor().userId(), a.actor().unit(), a.occurredAt()))
                .toList();
    }

    /** Every allowed access to the case by staff of another municipality (a partner's coordinator): a disclosure. */
    List<SubjectAccessController.PartnerRead> partnerReadsOf(UUID caseId, String owningMunicipality) {
        return accesses(caseId).stream()
                .filter(a -> a.outcome() == AccessOutcome.ALLOWED && a.actor().municipality() != null
                        && !a.actor().municipality().equals(owningMunicipality))
                .map(a -> new SubjectAccessController.PartnerRead(a.actor().userId(), a.actor().municipality(),
                        a.actor().unit(), a.operation(), a.fieldGroups(), a.occurredAt()))
                .toList();
    }

    private List<AccessRecorded> accesses(UUID caseId) {
        EventVerifier verifier = ownKeys.verifier();
        return jdbc.sql("""
                        SELECT o.cloud_event, o.event_id::text, o.position <= l.last_unsigned_position
                        FROM access_outbox o CROSS JOIN access_outbox_signing_line l
                        WHERE o.case_id = ? ORDER BY o.position""")
                .param(caseId.toString())
                .query((rs, n) -> genuine(verifier, rs.getBytes(1), rs.getString(2), rs.getBoolean(3))).list().stream()
                .flatMap(Optional::stream)
                .map(event -> CloudEventCodec.dataAs(event, AccessRecorded.class))
                .toList();
    }

    private Optional<CloudEvent> genuine(EventVerifier verifier, byte[] value, String rowEventId, boolean beforeSigning) {
        Optional<CloudEvent> signed = ownKeys.genuine(verifier, Topics.ACCESS_EVENTS, value, rowEventId);
        if (signed.isPresent() || !beforeSigning) {
            return signed;
        }
        try {
            return Optional.of(CloudEventCodec.fromBytes(value));
        } catch (se.samverkan.contracts.MalformedEventException e) {
            return Optional.empty();
        }
    }
}
