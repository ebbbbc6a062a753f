package se.samverkan.cases.domain;

import se.samverkan.contracts.LegalBasis;
import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static se.samverkan.cases.domain.LegalBasisCondition.*;

/**
 * A municipality's legal-basis catalogue in one version (issue 15): the national provisions the product knows, whose
 * codes were stored before the catalogue existed and keep their meaning (they are code, not data, so no edit of the
 * catalogue — or of its table — can weaken them), followed by the municipality's own entries. Every change gives a
 * new version; an entry is never removed, only retired, so every code a referral ever carried stays resolvable.
 * Version 0 is the national provisions alone.
 */
public record LegalBasisCatalogue(String municipality, int version, List<LegalBasisRule> own) {

    public static final List<LegalBasisRule> NATIONAL = List.of(
            new LegalBasisRule(LegalBasis.CONSENT.name(), "OSL 12 kap. 2 §",
                    "Samtycke från den enskilde (och vårdnadshavare för den som är under 18 år)",
                    EnumSet.of(CONSENT_COVERS_DISCLOSURE), false, true, false, 0),
            new LegalBasisRule(LegalBasis.OSL_10_18A.name(), "OSL 10 kap. 18 a §",
                    "Uppgift om den som inte fyllt 21 år till polisen, om den behövs för att förebygga brott",
                    EnumSet.of(SUBJECT_UNDER_21_AT_DISCLOSURE, PURPOSE_IS_CRIME_PREVENTION, WEIGHING_OF_INTERESTS_WRITTEN),
                    true, true, false, 0),
            new LegalBasisRule(LegalBasis.OSL_10_2.name(), "OSL 10 kap. 2 §",
                    "Nödvändigt för att socialtjänsten ska kunna fullgöra sin verksamhet",
                    EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN), true, true, false, 0));

    public LegalBasisCatalogue {
        if (version < 0) {
            throw new IllegalArgumentException("catalogue version " + version);
        }
        // a national code in the municipality's own part (only a hand-edited table could put one there) is ignored:
        // the national provisions are never redefined
        own = own == null ? List.of() : own.stream()
                .filter(r -> !isNational(r.code()))
                .map(r -> new LegalBasisRule(r.code(), r.provision(), r.label(), r.conditions(), r.fourEyes(), false,
                        r.retired(), version))
                .toList();
    }

    public static LegalBasisCatalogue nationalOnly(String municipality) {
        return new LegalBasisCatalogue(municipality, 0, List.of());
    }

    /** The national rule of {@code basis}, as every catalogue has it (version 0: no municipal change yet). */
    public static LegalBasisRule national(LegalBasis basis) {
        return NATIONAL.stream().filter(r -> r.code().equals(basis.name())).findFirst().orElseThrow();
    }

    public static boolean isNational(String code) {
        return NATIONAL.stream().anyMatch(r -> r.code().equals(code));
    }

    /** Every entry as in force in this version: the national ones first, then the municipality's own. */
    public List<LegalBasisRule> entries() {
        return Stream.concat(NATIONAL.stream().map(r -> r.inVersion(version)), own.stream()).toList();
    }

    public Optional<LegalBasisRule> find(String code) {
        return entries().stream().filter(r -> r.code().equals(code)).findFirst();
    }

    /** The codes a new referral may name. */
    public List<String> usableCodes() {
        return entries().stream().filter(r -> !r.retired()).map(LegalBasisRule::code).toList();
    }

    /** The rule a new referral names: an unknown or retired code is a 422 listing the usable ones. */
    public LegalBasisRule forNewReferral(String code) {
        return find(code).filter(r -> !r.retired())
                .orElseThrow(() -> ClientProblem.unknownCode("legalBasis", usableCodes()));
    }

    /**
     * The catalogue with the municipality's entry {@code rule} added or replaced (and reinstated if it was retired).
     * Answers this same catalogue when nothing would change, so repeating a change makes no new version.
     */
    public LegalBasisCatalogue define(LegalBasisRule rule) {
        if (isNational(rule.code())) {
            throw ClientProblem.conflict("national-legal-basis", rule.code() + " is a national provision of the product;"
                    + " its conditions are fixed in code and cannot be changed or retired by a municipality");
        }
        LegalBasisRule entry = new LegalBasisRule(rule.code(), rule.provision().strip(), rule.label().strip(),
                rule.conditions(), rule.fourEyes(), false, false, version + 1);
        Optional<LegalBasisRule> existing = own.stream().filter(r -> r.code().equals(entry.code())).findFirst();
        if (existing.isPresent() && existing.get().sameEntryAs(entry)) {
            return this;
        }
        List<LegalBasisRule> next = new ArrayList<>(own.stream().filter(r -> !r.code().equals(entry.code())).toList());
        next.add(entry);
        return new LegalBasisCatalogue(municipality, version + 1, next);
    }

    /** The catalogue with the municipality's entry {@code code} retired: no new referral may name it, old ones keep it. */
    public LegalBasisCatalogue retire(String code) {
        if (isNational(code)) {
            throw ClientProblem.conflict("national-legal-basis", code + " is a national provision of the product;"
                    + " its conditions are fixed in code and cannot be changed or retired by a municipality");
        }
        LegalBasisRule entry = own.stream().filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> ClientProblem.notFound("Legal basis " + code));
        if (entry.retired()) {
            return this;
        }
        List<LegalBasisRule> next = own.stream().map(r -> r.code().equals(code) ? r.retiredNow() : r).toList();
        return new LegalBasisCatalogue(municipality, version + 1, next);
    }
}
