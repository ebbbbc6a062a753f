package se.samverkan.audit.compliance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.ReferralSent;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every disclosure of a subject's data outside social services, for a subject access request: referrals sent to
 * the police (with the data categories and legal basis of the referral) and each allowed read by someone outside
 * social services (what they saw, on which basis).
 */
@Component
public class DisclosureReport {

    private static final String REFERRAL_SENT = "se.samverkan.case.referral-sent.v1";
    private static final String ACCESS_RECORDED = "se.samverkan.access.access-recorded.v1";

    private final JdbcTemplate jdbc;

    public DisclosureReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Disclosure> forSubject(UUID subjectId) {
        List<Disclosure> disclosures = new ArrayList<>();
        jdbc.query("""
                SELECT leaf_index, event_id, event_type, entry FROM audit_entries
                WHERE subject_id = ? AND event_type IN (?, ?) ORDER BY occurred_at, leaf_index""", rs -> {
            var envelope = CloudEventCodec.fromBytes(rs.getBytes(4));
            long leaf = rs.getLong(1);
            UUID eventId = rs.getObject(2, UUID.class);
            if (REFERRAL_SENT.equals(rs.getString(3))) {
                ReferralSent sent = CloudEventCodec.dataAs(envelope, ReferralSent.class);
                disclosures.add(new Disclosure("REFERRAL_SENT", sent.occurredAt(), sent.caseRef().caseId(), sent.referralId(),
                        Agency.POLICE.name(), sent.policeUnit(), null,
                        sent.dataCategories() == null ? List.of() : sent.dataCategories().stream().map(Enum::name).toList(),
                        sent.legalBasis() == null ? null : sent.legalBasis().name(),
                        sent.actor() == null ? null : sent.actor().userId(), leaf, eventId));
            } else {
                AccessRecorded access = CloudEventCodec.dataAs(envelope, AccessRecorded.class);
                if (access.outcome() == AccessOutcome.ALLOWED && access.actor().agency() != Agency.SOCIAL_SERVICES) {
                    disclosures.add(new Disclosure("READ_OUTSIDE_SOCIAL_SERVICES", access.occurredAt(), access.caseId(),
                            access.referralId(), access.actor().agency().name(), access.actor().unit(), access.actor().userId(),
                            access.fieldGroups() == null ? List.of() : access.fieldGroups(), access.legalBasis(), null, leaf, eventId));
                }
            }
        }, subjectId, REFERRAL_SENT, ACCESS_RECORDED);
        return disclosures;
    }
}
