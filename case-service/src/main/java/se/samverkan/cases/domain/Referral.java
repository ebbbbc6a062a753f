package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A referral to a police liaison unit as it stands now. */
public record Referral(ReferralId referralId, String policeUnit, LegalBasis legalBasis, ConsentId consentId,
                       Set<DataCategory> dataCategories, String createdBy, String approvedBy, ReferralStatus status,
                       ReferralSnapshot snapshot, String declineReason, String outcome, List<Feedback> feedback,
                       Instant createdAt) {

    public record Feedback(String feedbackId, String text, String postedBy, Instant postedAt) {
        @Override
        public String toString() {
            return "Feedback[" + feedbackId + "]";
        }
    }

    public Referral with(ReferralStatus newStatus) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy, newStatus,
                snapshot, declineReason, outcome, feedback, createdAt);
    }

    public Referral sent(String approver, ReferralSnapshot sentSnapshot) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approver,
                ReferralStatus.SENT, sentSnapshot, declineReason, outcome, feedback, createdAt);
    }

    public Referral declined(String reason) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy,
                ReferralStatus.DECLINED, snapshot, reason, outcome, feedback, createdAt);
    }

    public Referral completed(String outcomeCode) {
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy,
                ReferralStatus.COMPLETED, snapshot, declineReason, outcomeCode, feedback, createdAt);
    }

    public Referral withFeedback(Feedback item) {
        List<Feedback> all = new java.util.ArrayList<>(feedback);
        all.add(item);
        return new Referral(referralId, policeUnit, legalBasis, consentId, dataCategories, createdBy, approvedBy, status,
                snapshot, declineReason, outcome, List.copyOf(all), createdAt);
    }
}
