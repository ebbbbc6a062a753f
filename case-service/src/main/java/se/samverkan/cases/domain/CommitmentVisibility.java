package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.vocabulary.ConsentPurpose;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a commitment's owner outside the case team may see it, and how much: only within the subject's consents
 * that name the owner's organisation as recipient (its agency and unit), are given for joint planning and hold on the
 * day ({@link ConsentLapse}), and only while the case is open. The commitment itself is part of the plan of measures,
 * so such a consent must cover {@code MEASURES}; what else it covers says what else the owner may read beside it
 * ({@code CASE_SUMMARY}: what the meeting agreed, {@code IDENTITY}: who the young person is). Without such a consent
 * the owner sees nothing at all, and a withdrawal or expiry ends it at once. The one rule: the access policy's facts,
 * the reminders (owner or team) and the owner's own report all ask here.
 */
public final class CommitmentVisibility {

    static final String PURPOSE = ConsentPurpose.JOINT_PLANNING.name();

    private CommitmentVisibility() {
    }

    /** The categories the holding consents give the owner's organisation for joint planning; empty: none holds. */
    public static Set<DataCategory> granted(CaseFile file, Commitment commitment, LocalDate day) {
        EnumSet<DataCategory> granted = EnumSet.noneOf(DataCategory.class);
        if (file.status() != CaseStatus.OPEN || commitment.ownerAgency() == null || commitment.ownerOrganisation() == null) {
            return granted;
        }
        for (Consent consent : file.consents()) {
            if (consent.recipientAgency() == commitment.ownerAgency()
                    && commitment.ownerOrganisation().equals(consent.recipientUnit())
                    && consent.purposes() != null && consent.purposes().contains(PURPOSE)
                    && consent.isActiveOn(day)) {
                granted.addAll(consent.dataCategories());
            }
        }
        return granted.contains(DataCategory.MEASURES) ? granted : EnumSet.noneOf(DataCategory.class);
    }

    /** Whether the owner may be told of it (and so see it) on the day: an account, and a consent as above. */
    public static boolean ownerMaySee(CaseFile file, Commitment commitment, LocalDate day) {
        return commitment.ownerHasAccount() && !granted(file, commitment, day).isEmpty();
    }
}
