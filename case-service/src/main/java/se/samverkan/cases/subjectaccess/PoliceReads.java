package se.samverkan.cases.subjectaccess;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.subjectaccess.SubjectAccessController.PoliceRead;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.access.AccessRecorded;

import java.util.List;
import java.util.UUID;

/**
 * Police reads and partner reads are in the access outbox (kept, never pruned), which is what audit-service also
 * received.
 */
@Component
class PoliceReads {

    private final JdbcClient jdbc;

    PoliceReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PoliceRead> ofCase(UUID caseId) {
        return jdbc.sql("SELECT cloud_event FROM access_outbox WHERE case_id = ? ORDER BY position")
                .param(caseId.toString())
                .query((rs, n) -> CloudEventCodec.fromBytes(rs.getBytes(1))).list().stream()
                .map(event -> CloudEventCodec.dataAs(event, AccessRecorded.class))
                .filter(a -> "POLICE_READ_REFERRAL".equals(a.operation()) && a.outcome() == AccessOutcome.ALLOWED)
                .map(a -> new PoliceRead(a.referralId(), a.actor().userId(), a.actor().unit(), a.occurredAt()))
                .toList();
    }

    /** Every allowed access to the case by staff of another municipality (a partner's coordinator): a disclosure. */
    List<SubjectAccessController.PartnerRead> partnerReadsOf(UUID caseId, String owningMunicipality) {
        return jdbc.sql("SELECT cloud_event FROM access_outbox WHERE case_id = ? ORDER BY position")
                .param(caseId.toString())
                .query((rs, n) -> CloudEventCodec.fromBytes(rs.getBytes(1))).list().stream()
                .map(event -> CloudEventCodec.dataAs(event, AccessRecorded.class))
                .filter(a -> a.outcome() == AccessOutcome.ALLOWED && a.actor().municipality() != null
                        && !a.actor().municipality().equals(owningMunicipality))
                .map(a -> new SubjectAccessController.PartnerRead(a.actor().userId(), a.actor().municipality(),
                        a.actor().unit(), a.operation(), a.fieldGroups(), a.occurredAt()))
                .toList();
    }
}
