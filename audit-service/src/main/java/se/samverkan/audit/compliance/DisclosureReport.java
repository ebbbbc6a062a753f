package se.samverkan.audit.compliance;

import org.springframework.stereotype.Component;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.CaseShareEnded;
import se.samverkan.contracts.cases.CaseShared;
import se.samverkan.contracts.cases.ReferralSent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Every disclosure of a subject's data outside the owning social services, for a subject access request: referrals
 * sent to the police (with the data categories and legal basis of the referral), shares with a partner municipality
 * and their end (issue 14), each allowed read by someone outside social services, and each allowed access by staff of
 * another municipality (a partner's coordinator: what they saw or wrote, on which basis).
 */
@Component
public class DisclosureReport {

    private final AuditSearch search;

    public DisclosureReport(AuditSearch search) {
        this.search = search;
    }

    /**
     * Read from the bytes (a subject access request must be complete): of the leaves that mention the subject by the
     * search index, which was built from the bytes, and of every leaf the index does not cover yet. A row whose
     * {@code subject_id} was nulled in the database is still found. Only disclosures the officer's municipality
     * may read are listed.
     */
    public List<Disclosure> forSubject(UUID subjectId, MunicipalityScope scope) {
        List<Disclosure> disclosures = new ArrayList<>();
        search.scan(0, search.size(), Needles.subject(subjectId), stored -> {
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
                        sent.legalBasis(),
                        sent.actor() == null ? null : sent.actor().userId(), leaf, eventId));
            } else if (entry.event() instanceof CaseShared shared) {
                disclosures.add(new Disclosure("SHARED_WITH_PARTNER", shared.occurredAt(), shared.caseRef().caseId(), null,
                        Agency.SOCIAL_SERVICES.name(), shared.partnerUnit() == null ? shared.partnerMunicipality() : shared.partnerUnit(),
                        null, shared.dataCategories() == null ? List.of() : shared.dataCategories().stream().map(Enum::name).toList(),
                        // a four-eyes share names its catalogue provision; a plain one rests on the consent
                        shared.legalBasis() != null ? shared.legalBasis() : shared.consentId() == null ? null : "CONSENT",
                        shared.actor() == null ? null : shared.actor().userId(),
                        leaf, eventId));
            } else if (entry.event() instanceof CaseShareEnded ended) {
                disclosures.add(new Disclosure("PARTNER_SHARE_ENDED_" + ended.reason(), ended.occurredAt(),
                        ended.caseRef().caseId(), null, Agency.SOCIAL_SERVICES.name(), ended.partnerUnit(), null, List.of(),
                        null, ended.actor() == null ? null : ended.actor().userId(), leaf, eventId));
            } else if (entry.event() instanceof AccessRecorded access
                    && access.outcome() == AccessOutcome.ALLOWED && access.actor().agency() != Agency.SOCIAL_SERVICES) {
                disclosures.add(new Disclosure("READ_OUTSIDE_SOCIAL_SERVICES", access.occurredAt(), access.caseId(),
                        access.referralId(), access.actor().agency().name(), access.actor().unit(), access.actor().userId(),
                        access.fieldGroups() == null ? List.of() : access.fieldGroups(), access.legalBasis(), null, leaf, eventId));
            } else if (entry.event() instanceof AccessRecorded access && access.outcome() == AccessOutcome.ALLOWED
                    && PartnerAccess.byPartner(access)) {
                disclosures.add(new Disclosure("ACCESS_BY_PARTNER", access.occurredAt(), access.caseId(),
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
