package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Exactly what a police liaison may see of a referral: only the shared data categories, frozen when it was sent.
 * A category not shared is null, not blank, so nothing of it exists in the package.
 */
public record ReferralSnapshot(Set<DataCategory> categories, Identity identity, Contact contact, String caseSummary,
                               List<Measure> measures, String riskAssessment) {

    public record Identity(String personalIdentityNumber, String name, LocalDate dateOfBirth) {
        @Override
        public String toString() {
            return "Identity[****]";
        }
    }

    public record Contact(String address) {
        @Override
        public String toString() {
            return "Contact[****]";
        }
    }

    public record Measure(String measureType, LocalDate startDate, LocalDate endDate) {
    }

    /** {@code shareAddress} is {@link ProtectedContactPolicy}'s answer at the moment the snapshot is taken. */
    public static ReferralSnapshot of(Set<DataCategory> categories, Subject subject, List<Measure> measures,
                                      String caseSummary, String riskAssessment, boolean shareAddress) {
        return new ReferralSnapshot(Set.copyOf(categories),
                categories.contains(DataCategory.IDENTITY)
                        ? new Identity(subject.personalIdentityNumber(), subject.name(), subject.dateOfBirth()) : null,
                categories.contains(DataCategory.CONTACT) && shareAddress ? new Contact(subject.address()) : null,
                categories.contains(DataCategory.CASE_SUMMARY) ? caseSummary : null,
                categories.contains(DataCategory.MEASURES) ? List.copyOf(measures) : null,
                categories.contains(DataCategory.RISK_ASSESSMENT) ? riskAssessment : null);
    }

    public ReferralSnapshot withoutContact() {
        return new ReferralSnapshot(categories, identity, null, caseSummary, measures, riskAssessment);
    }

    @Override
    public String toString() {
        return "ReferralSnapshot" + categories;
    }
}
