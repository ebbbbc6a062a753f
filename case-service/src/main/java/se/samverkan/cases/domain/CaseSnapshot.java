package se.samverkan.cases.domain;

import org.axonframework.serialization.Revision;
import se.samverkan.cases.domain.CaseEvent.ReferralAwaitingApproval;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A {@link CaseFile} as of event {@code version}: the aggregate's snapshot and the start of every case read, so a
 * case with years of events loads this plus the events after it. Stored under the name
 * {@code storedevents.StoredEventNames#CASE_SNAPSHOT} with its personal data sealed like the events' (same paths, same
 * subject keys), so shredding a subject's keys leaves a snapshot as unreadable as the events. A snapshot is a cache,
 * not history: a changed shape gets a new {@code @Revision}, and snapshots of another revision are ignored (the case
 * is folded from its events and snapshotted again) instead of upcast.
 */
@Revision("6")
public record CaseSnapshot(CaseId caseId, Program program, String municipality, String unit, SubjectId subjectId,
                           Subject subject, CaseOrigin origin, Phase phase, CaseStatus status, String outcome,
                           Instant openedAt, String openedBy, List<String> team, List<String> sharedWith,
                           List<CaseFile.Note> notes, List<CaseFile.Measure> measures, List<Consent> consents,
                           List<Referral> referrals, List<ReferralAwaitingApproval> pendingApprovals,
                           List<ContactRelease> contactReleases, List<CaseFile.Deadline> deadlines,
                           List<CaseFile.LegalHold> legalHolds, ProtectedIdentity protectedIdentity, Instant closedAt,
                           LocalDate clearedOn, Set<DocumentType> clearedDocumentTypes, LocalDate firstFamilyContact,
                           LocalDate firstJointPoliceMeeting, List<PartnerShare> partnerShares,
                           List<CaseFile.PartnerNote> partnerNotes, List<CaseFile.PartnerMeasure> partnerMeasures,
                           List<String> shareableNotes, List<CaseFile.CostShare> costShares,
                           List<IntakeReport> reports, List<CoordinationMeeting> meetings, List<Commitment> commitments,
                           List<CaseFile.FollowUp> followUps, long version, String outcomeLocalCode,
                           List<CaseEvent.PartnerShareAwaitingApproval> pendingShares,
                           CaseEvent.ProtectionLoweringProposed pendingLowering) {

    /** The protection level a referral's explicit release of a protected address was decided under. */
    public record ContactRelease(ReferralId referralId, ProtectedIdentity level) {
    }

    @Override
    public String toString() {
        return "CaseSnapshot[" + caseId + ", version " + version + "]";
    }
}
