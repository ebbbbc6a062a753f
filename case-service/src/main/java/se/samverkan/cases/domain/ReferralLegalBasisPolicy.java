package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * May data go to the police on this basis? CONSENT needs an active consent covering the police unit and every
 * shared category; a secrecy-breaking provision needs a written weighing of interests (and later a supervisor's
 * approval, which the aggregate enforces). Each refusal names exactly what is missing.
 */
public final class ReferralLegalBasisPolicy {

    static final int MIN_WEIGHING_LENGTH = 20;

    private ReferralLegalBasisPolicy() {
    }

    public static void checkConsentBasis(Optional<Consent> consent, ConsentId consentId, String policeUnit,
                                         Set<DataCategory> categories, LocalDate today) {
        if (consentId == null) {
            throw ClientProblem.ruleViolation("consent-required",
                    "A referral on the legal basis CONSENT must name the consent it rests on (consentId)");
        }
        Consent c = consent.orElseThrow(() -> ClientProblem.ruleViolation("consent-not-found",
                "Consent " + consentId + " is not recorded on this case"));
        c.lapseOn(today).ifPresent(lapse -> {
            throw lapse == ConsentLapse.WITHDRAWN
                    ? ClientProblem.ruleViolation("consent-withdrawn", "Consent " + consentId + " was withdrawn on " + c.withdrawnOn())
                    : ClientProblem.ruleViolation("consent-not-valid", "Consent " + consentId + " is valid from "
                            + c.validFrom() + " until " + c.validUntil() + ", not on " + today);
        });
        if (c.recipientAgency() != Agency.POLICE || !c.recipientUnit().equals(policeUnit)) {
            throw ClientProblem.ruleViolation("consent-recipient-mismatch",
                    "Consent " + consentId + " covers " + c.recipientAgency() + " unit " + c.recipientUnit()
                            + ", not police unit " + policeUnit);
        }
        Set<DataCategory> missing = EnumSet.noneOf(DataCategory.class);
        missing.addAll(categories);
        missing.removeAll(c.dataCategories());
        if (!missing.isEmpty()) {
            throw ClientProblem.ruleViolation("consent-does-not-cover-categories",
                    "Consent " + consentId + " does not cover the data categories "
                            + missing.stream().map(Enum::name).sorted().collect(Collectors.joining(", "))
                            + "; share fewer categories or record a consent that covers them");
        }
    }

    public static void checkSecrecyBreakingBasis(LegalBasis basis, String weighingOfInterests) {
        if (basis == LegalBasis.CONSENT) {
            throw new IllegalArgumentException("not a secrecy-breaking provision");
        }
        if (weighingOfInterests == null || weighingOfInterests.strip().length() < MIN_WEIGHING_LENGTH) {
            throw ClientProblem.ruleViolation("weighing-of-interests-required",
                    "A referral under " + basis + " needs a written weighing of interests (at least "
                            + MIN_WEIGHING_LENGTH + " characters) before a supervisor can approve it");
        }
    }

    public static void checkFourEyes(String creatorId, String approverId) {
        if (creatorId.equals(approverId)) {
            throw ClientProblem.ruleViolation("four-eyes-required",
                    "The person who created a secrecy-breaking referral cannot approve it; another supervisor must");
        }
    }
}
