package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A referral to a police liaison unit as it stands now. {@code legalBasis} is a code of the owning municipality's
 * legal-basis catalogue; {@code legalBasisApplied} the rule it was sent under (null until sent, and for referrals
 * sent before issue 15); {@code purpose} what it is for; the local codes the municipality's own codes under the
 * national decline reason and outcome.
 */
public record Referral(ReferralId referralId, String policeUnit, String legalBasis, ConsentId consentId,
                       Set<DataCategory> dataCategories, String createdBy, String approvedBy, ReferralStatus status,
                       ReferralSnapshot snapshot, String declineReason, String outcome, List<Feedback> feedback,
                       Instant createdAt, String purpose, LegalBasisApplied legalBasisApplied, String declineLocalCode,
                       String outcomeLocalCode) {

    public record Feedback(String feedbackId, String text, String postedBy, Instant postedAt) {
        @Override
        public String toString() {
            return "Feedback[" + feedbackId + "]";
        }
    }

    public Referral with(ReferralStatus newStatus) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy, newStatus,
                snapshot, declineReason, outcome, feedback, createdAt, purpose, legalBasisApplied, declineLocalCode,
                outcomeLocalCode);
    }

    public Referral sent(String approver, ReferralSnapshot sentSnapshot, LegalBasisApplied applied) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approver,
                ReferralStatus.SENT, sentSnapshot, declineReason, outcome, feedback, createdAt, purpose, applied,
                declineLocalCode, outcomeLocalCode);
    }

    public Referral declined(String reason, String localCode) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy,
                ReferralStatus.DECLINED, snapshot, reason, outcome, feedback, createdAt, purpose, legalBasisApplied,
                localCode, outcomeLocalCode);
    }

    public Referral completed(String outcomeCode, String localCode) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy,
                ReferralStatus.COMPLETED, snapshot, declineReason, outcomeCode, feedback, createdAt, purpose,
                legalBasisApplied, declineLocalCode, localCode);
    }

    public Referral withFeedback(Feedback item) {
        List<Feedback> all = new java.util.ArrayList<>(feedback);
        all.add(item);
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy, status,
                snapshot, declineReason, outcome, List.copyOf(all), createdAt, purpose, legalBasisApplied,
                declineLocalCode, outcomeLocalCode);
    }
}
