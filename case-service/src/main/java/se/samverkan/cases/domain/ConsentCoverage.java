package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.platform.problem.ClientProblem;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The condition {@link LegalBasisCondition#CONSENT_COVERS_DISCLOSURE}: a consent is named, recorded on the case,
 * counts on the day of disclosure ({@link ConsentLapse}), names the police unit, covers every shared category and,
 * when the referral states a purpose, that purpose. Each refusal names exactly what is missing.
 */
public final class ConsentCoverage {

    private ConsentCoverage() {
    }

    public static Optional<ClientProblem> problem(Disclosure d) {
        ConsentId consentId = d.consentId();
        if (consentId == null) {
            return Optional.of(ClientProblem.ruleViolation("consent-required",
                    "A referral on a legal basis that rests on consent must name the consent it rests on (consentId)"));
        }
        if (d.consent().isEmpty()) {
            return Optional.of(ClientProblem.ruleViolation("consent-not-found", "Consent " + consentId + " is not recorded on this case"));
        }
        Consent c = d.consent().get();
        Optional<ConsentLapse> lapse = c.lapseOn(d.day());
        if (lapse.isPresent()) {
            return Optional.of(lapse.get() == ConsentLapse.WITHDRAWN
                    ? ClientProblem.ruleViolation("consent-withdrawn", "Consent " + consentId + " was withdrawn on " + c.withdrawnOn())
                    : ClientProblem.ruleViolation("consent-not-valid", "Consent " + consentId + " is valid from "
                    + c.validFrom() + " until " + c.validUntil() + ", not on " + d.day()));
        }
        if (c.recipientAgency() != Agency.POLICE || !c.recipientUnit().equals(d.policeUnit())) {
            return Optional.of(ClientProblem.ruleViolation("consent-recipient-mismatch",
                    "Consent " + consentId + " covers " + c.recipientAgency() + " unit " + c.recipientUnit()
                            + ", not police unit " + d.policeUnit()));
        }
        Set<DataCategory> missing = EnumSet.noneOf(DataCategory.class);
        missing.addAll(d.categories());
        missing.removeAll(c.dataCategories());
        if (!missing.isEmpty()) {
            return Optional.of(ClientProblem.ruleViolation("consent-does-not-cover-categories",
                    "Consent " + consentId + " does not cover the data categories "
                            + missing.stream().map(Enum::name).sorted().collect(Collectors.joining(", "))
                            + "; share fewer categories or record a consent that covers them"));
        }
        if (d.purpose() != null && !c.purposes().contains(d.purpose().name())) {
            return Optional.of(ClientProblem.ruleViolation("consent-does-not-cover-purpose",
                    "Consent " + consentId + " covers the purposes " + c.purposes() + ", not " + d.purpose().name()));
        }
        return Optional.empty();
    }
}
