package se.samverkan.cases.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rule a disclosure was checked against, recorded with it ({@code ReferralSent}): which version of the owning
 * municipality's catalogue, the provision, the conditions that held and whether four eyes were required. Whatever
 * later happens to the catalogue — an entry changed, retired, or a table edited behind the service's back — each
 * disclosure keeps the rule it was actually let out under.
 */
public record LegalBasisApplied(int catalogueVersion, String provision, Set<LegalBasisCondition> conditions,
                                boolean fourEyes) {

    public LegalBasisApplied {
        conditions = conditions == null || conditions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(conditions));
    }
}
