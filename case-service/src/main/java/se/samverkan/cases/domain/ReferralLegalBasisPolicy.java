package se.samverkan.cases.domain;

import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * May data go to the police on this basis, today? The basis is a rule of the owning municipality's catalogue
 * ({@link LegalBasisRule}); every condition it names is checked for the disclosure ({@link Disclosure}) on the day
 * the data leaves: when a referral is created and goes at once, and again — against the catalogue as it stands then —
 * when a second person approves one that waits for four eyes. A referral drafted while the youth was 20 is refused
 * at an approval after the 21st birthday. Each refusal names every condition that failed and why.
 */
public final class ReferralLegalBasisPolicy {

    private ReferralLegalBasisPolicy() {
    }

    public static void checkDisclosure(LegalBasisRule rule, Disclosure disclosure) {
        checkInForce(rule);
        // the consent's own refusals are the more specific ones clients already know
        if (rule.restsOnConsent()) {
            ConsentCoverage.problem(disclosure).ifPresent(problem -> {
                throw problem;
            });
        }
        checkConditionsBesidesConsent(rule, disclosure);
    }

    /** The rule is still in the catalogue and not retired; a disclosure to a partner (issue 14) asks here too. */
    public static void checkInForce(LegalBasisRule rule) {
        if (rule == null) {
            throw ClientProblem.ruleViolation("legal-basis-not-in-catalogue",
                    "The referral's legal basis is no longer in the municipality's legal-basis catalogue; nothing may be disclosed on it");
        }
        if (rule.retired()) {
            throw new ClientProblem(422, "legal-basis-retired", "Legal basis retired",
                    rule.code() + " (" + rule.provision() + ") was retired from the municipality's legal-basis catalogue"
                            + " (version " + rule.catalogueVersion() + "); nothing may be disclosed on it any more",
                    Map.of("legalBasis", rule.code(), "catalogueVersion", rule.catalogueVersion()));
        }
    }

    /**
     * Every condition of the rule except the consent's coverage, which the caller checked its own way (a referral
     * through {@link ConsentCoverage}, a partner share against the consent naming the partner unit).
     */
    public static void checkConditionsBesidesConsent(LegalBasisRule rule, Disclosure disclosure) {
        Map<String, String> failed = new LinkedHashMap<>();
        rule.conditions().stream().sorted()
                .filter(c -> c != LegalBasisCondition.CONSENT_COVERS_DISCLOSURE)
                .forEach(c -> c.failureIn(disclosure).ifPresent(reason -> failed.put(c.name(), reason)));
        if (!failed.isEmpty()) {
            Map<String, Object> members = new LinkedHashMap<>(Map.of("legalBasis", rule.code(), "provision", rule.provision(),
                    "catalogueVersion", rule.catalogueVersion(),
                    "failedConditions", new ArrayList<>(failed.keySet()),
                    "reasons", List.copyOf(failed.values())));
            if (failed.containsKey(LegalBasisCondition.PURPOSE_IS_CRIME_PREVENTION.name())) {
                // the request field a client fixes, and the one value that lets this provision apply
                members.put("field", "purpose");
                members.put("allowed", List.of(se.samverkan.contracts.vocabulary.ConsentPurpose.CRIME_PREVENTION.name()));
            }
            throw new ClientProblem(422, "legal-basis-condition-failed", "Legal basis does not apply",
                    rule.provision() + " (" + rule.code() + ") does not apply to this disclosure on " + disclosure.day()
                            + ": " + String.join("; ", failed.values()), members);
        }
    }

    public static void checkFourEyes(String creatorId, String approverId) {
        if (creatorId.equals(approverId)) {
            throw ClientProblem.ruleViolation("four-eyes-required",
                    "The person who created a referral that needs four eyes (a secrecy-breaking basis, or a protected "
                            + "address released) cannot approve it; another supervisor must");
        }
    }
}
