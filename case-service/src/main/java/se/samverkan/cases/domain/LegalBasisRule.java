package se.samverkan.cases.domain;

import se.samverkan.platform.problem.ClientProblem;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One legal basis of a municipality's catalogue (issue 15), as in force in one version of it: the code events carry,
 * the provision it rests on, a Swedish label, the named {@link LegalBasisCondition}s it requires and whether a second
 * person must approve the disclosure (four eyes). A basis that does not rest on the subject's consent breaks secrecy
 * on the authority's own judgement, so it always needs a written weighing of interests and four eyes: the catalogue
 * cannot hold a provision that lets one person disclose without consent.
 */
public record LegalBasisRule(String code, String provision, String label, Set<LegalBasisCondition> conditions,
                             boolean fourEyes, boolean national, boolean retired, int catalogueVersion) {

    public static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");
    static final int MAX_PROVISION = 100;
    static final int MAX_LABEL = 300;

    public LegalBasisRule {
        if (code == null || !CODE.matcher(code).matches()) {
            throw invalid("code", "a legal basis code is 2-40 capitals, digits and underscores, starting with a capital (e.g. OSL_10_23)");
        }
        if (provision == null || provision.isBlank() || provision.length() > MAX_PROVISION) {
            throw invalid("provision", "name the provision (e.g. \"OSL 10 kap. 23 §\"), at most " + MAX_PROVISION + " characters");
        }
        if (label == null || label.isBlank() || label.length() > MAX_LABEL) {
            throw invalid("label", "describe the provision in Swedish, at most " + MAX_LABEL + " characters");
        }
        if (conditions == null || conditions.isEmpty()) {
            throw invalid("conditions", "name at least one condition the provision requires");
        }
        conditions = Set.copyOf(EnumSet.copyOf(conditions));
        if (!conditions.contains(LegalBasisCondition.CONSENT_COVERS_DISCLOSURE)
                && !(fourEyes && conditions.contains(LegalBasisCondition.WEIGHING_OF_INTERESTS_WRITTEN))) {
            throw invalid("conditions", "a legal basis that does not rest on consent breaks secrecy: it needs "
                    + LegalBasisCondition.WEIGHING_OF_INTERESTS_WRITTEN + " and fourEyes: true");
        }
        if (catalogueVersion < 0) {
            throw new IllegalArgumentException("catalogue version " + catalogueVersion);
        }
    }

    public boolean restsOnConsent() {
        return conditions.contains(LegalBasisCondition.CONSENT_COVERS_DISCLOSURE);
    }

    public LegalBasisRule inVersion(int version) {
        return new LegalBasisRule(code, provision, label, conditions, fourEyes, national, retired, version);
    }

    public LegalBasisRule retiredNow() {
        return new LegalBasisRule(code, provision, label, conditions, fourEyes, national, true, catalogueVersion);
    }

    /** What is recorded with a disclosure made under this rule. */
    public LegalBasisApplied applied() {
        return new LegalBasisApplied(catalogueVersion, provision, conditions, fourEyes);
    }

    /** Same entry, whatever version it was read in. */
    boolean sameEntryAs(LegalBasisRule other) {
        return code.equals(other.code) && provision.equals(other.provision) && label.equals(other.label)
                && conditions.equals(other.conditions) && fourEyes == other.fourEyes && national == other.national
                && retired == other.retired;
    }

    private static ClientProblem invalid(String field, String detail) {
        return new ClientProblem(422, "invalid-legal-basis", "Invalid legal basis", field + ": " + detail,
                java.util.Map.of("field", field));
    }
}
