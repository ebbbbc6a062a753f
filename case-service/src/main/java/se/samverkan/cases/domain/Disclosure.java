package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.vocabulary.ConsentPurpose;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * What a referral would disclose, to whom, for what, and on which day (in the case's calendar): the facts every
 * {@link LegalBasisCondition} is judged on. The day is the day the data leaves — the creation of a referral that goes
 * at once, the approval of one that waits for four eyes — never the day a draft was written. {@code subject} is null
 * only where no personal identity number is held (then no age-bound provision can hold).
 */
public record Disclosure(LocalDate day, Personnummer subject, ConsentPurpose purpose, String weighingOfInterests,
                         ConsentId consentId, Optional<Consent> consent, String policeUnit,
                         Set<DataCategory> categories) {

    @Override
    public String toString() {
        return "Disclosure[" + day + "]";
    }
}
