package se.samverkan.audit.compliance;

import org.springframework.stereotype.Component;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.ReferralSent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Every disclosure of a subject's data outside social services, for a subject access request: referrals sent to
 * the police (with the data categories and legal basis of the referral) and each allowed read by someone outside
 * social services (what they saw, on which basis).
 */
@Component
public class DisclosureReport {

    private final AuditSearch search;

    public DisclosureReport(AuditSearch search) {
        this.search = search;
    }

    /**
     * Read from the bytes of every leaf (a subject access request is rare and must be complete): a row whose
     * {@code subject_id} was nulled in the database is still found. Only disclosures the officer's municipality
     * may read are listed.
     */
    public List<Disclosure> forSubject(UUID subjectId, MunicipalityScope scope) {
        List<Disclosure> disclosures = new ArrayList<>();
        search.scan(0, search.size(), stored -> {
            PendingEntry entry = stored.entry();
            if (entry == null || !subjectId.equals(entry.subjectId()) || !scope.covers(entry)) {
                return true;
            }
            long leaf = stored.leafIndex();
            UUID eventId = entry.eventId();
            if (entry.event() instanceof ReferralSent sent) {
                disclosures.add(new Disclosure("REFERRAL_SENT", sent.occurredAt(), sent.caseRef().caseId(), sent.referralId(),
                        Agency.POLICE.name(), sent.policeUnit(), null,
                        sent.dataCategories() == null ? List.of() : sent.dataCategories().stream().map(Enum::name).toList(),
                        sent.legalBasis() == null ? null : sent.legalBasis().name(),
                        sent.actor() == null ? null : sent.actor().userId(), leaf, eventId));
            } else if (entry.event() instanceof AccessRecorded access
                    && access.outcome() == AccessOutcome.ALLOWED && access.actor().agency() != Agency.SOCIAL_SERVICES) {
                disclosures.add(new Disclosure("READ_OUTSIDE_SOCIAL_SERVICES", access.occurredAt(), access.caseId(),
                        access.referralId(), access.actor().agency().name(), access.actor().unit(), access.actor().userId(),
                        access.fieldGroups() == null ? List.of() : access.fieldGroups(), access.legalBasis(), null, leaf, eventId));
            }
            return true;
        });
        disclosures.sort(Comparator.comparing(Disclosure::occurredAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(Disclosure::leafIndex));
        return disclosures;
    }
}
