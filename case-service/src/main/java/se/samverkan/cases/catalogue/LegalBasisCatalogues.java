package se.samverkan.cases.catalogue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.domain.LegalBasisCatalogue;
import se.samverkan.cases.domain.LegalBasisCondition;
import se.samverkan.cases.domain.LegalBasisRule;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Each municipality's legal-basis catalogue (issue 15), read for every referral that is created or approved, and
 * changed by the municipality's data-protection role. The rules are {@link LegalBasisCatalogue}'s; this keeps its
 * versions. An entry of a stored version that does not make a valid rule (only a hand-edited row can hold one) is
 * left out: a basis that cannot be read cannot disclose anything.
 */
@Component
public class LegalBasisCatalogues {

    private static final Logger log = LoggerFactory.getLogger(LegalBasisCatalogues.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The municipality's own part of one version, as stored. */
    record Document(List<Entry> entries) {
    }

    record Entry(String code, String provision, String label, List<String> conditions, boolean fourEyes, boolean retired) {
    }

    /** A catalogue with who made its version, and whether its chain of versions checks ({@link CatalogueSeals}). */
    public record Versioned(LegalBasisCatalogue catalogue, CatalogueChange change, CatalogueSeals.Verification verification) {
        Versioned(LegalBasisCatalogue catalogue, CatalogueChange change) {
            this(catalogue, change, CatalogueSeals.Verification.SEALED);
        }
    }

    private final CatalogueVersions versions;
    private final CatalogueEdits edits;
    private final Clock clock;

    LegalBasisCatalogues(CatalogueVersions versions, CatalogueEdits edits, Clock clock) {
        this.versions = versions;
        this.edits = edits;
        this.clock = clock;
    }

    /**
     * The catalogue a disclosure is checked against: only one whose every version came through the service (see
     * {@link CatalogueSeals}). A version put into the table by hand is no decision of the municipality: nothing is
     * disclosed on it, not even under a national provision, until the data-protection role has it looked into.
     */
    public LegalBasisCatalogue current(String municipality) {
        Versioned current = currentVersioned(municipality);
        if (!current.verification().trusted()) {
            throw unverified(current, "nothing may be disclosed on it");
        }
        return current.catalogue();
    }

    public Versioned currentVersioned(String municipality) {
        return versions.latest(CatalogueKind.LEGAL_BASES, municipality).map(s -> read(municipality, s))
                .map(v -> new Versioned(v.catalogue(), v.change(),
                        versions.verification(CatalogueKind.LEGAL_BASES, municipality, v.catalogue().version())))
                .orElse(new Versioned(LegalBasisCatalogue.nationalOnly(municipality), CatalogueChange.NATIONAL));
    }

    private static ClientProblem unverified(Versioned current, String consequence) {
        return new ClientProblem(422, "legal-basis-catalogue-unverified", "Legal-basis catalogue not verified",
                "Version " + current.catalogue().version() + " of the municipality's legal-basis catalogue did not come"
                        + " through the service (" + current.verification() + ": its seal is missing or does not match"
                        + " the version before it), so " + consequence + ". Ask the data-protection officer to have the"
                        + " database change investigated; GET /api/legal-bases shows the version as unverified",
                java.util.Map.of("catalogueVersion", current.catalogue().version(),
                        "verification", current.verification().name()));
    }

    /** An earlier version, to read what a referral's recorded version said; one not made yet is a 404. */
    public Versioned at(String municipality, int version) {
        if (version == 0) {
            return new Versioned(LegalBasisCatalogue.nationalOnly(municipality), CatalogueChange.NATIONAL);
        }
        return versions.at(CatalogueKind.LEGAL_BASES, municipality, version).map(s -> read(municipality, s))
                .map(v -> new Versioned(v.catalogue(), v.change(),
                        versions.verification(CatalogueKind.LEGAL_BASES, municipality, version)))
                .orElseThrow(() -> ClientProblem.notFound("Version " + version + " of the legal-basis catalogue"));
    }

    /**
     * Adds or replaces the caller's municipality's entry; the same entry again makes no new version. The entry is
     * built (and judged) only after the policy let the caller change the catalogue.
     */
    public Versioned define(Actor actor, java.util.function.Supplier<LegalBasisRule> entry, Long expectedVersion,
                            String decisionReference) {
        return edits.change(actor, Operation.MAINTAIN_LEGAL_BASES, "Legal-basis catalogue", municipality -> {
            LegalBasisRule rule = entry.get();
            return apply(actor, municipality, expectedVersion, c -> c.define(rule), "defined " + rule.code(), decisionReference);
        });
    }

    /** Retires the caller's municipality's entry {@code code}: no new referral may name it; sent ones keep it. */
    public Versioned retire(Actor actor, String code, Long expectedVersion, String decisionReference) {
        return edits.change(actor, Operation.MAINTAIN_LEGAL_BASES, "Legal-basis catalogue", municipality ->
                apply(actor, municipality, expectedVersion, c -> c.retire(code), "retired " + code, decisionReference));
    }

    private Versioned apply(Actor actor, String municipality, Long expectedVersion,
                            java.util.function.UnaryOperator<LegalBasisCatalogue> edit, String what, String decisionReference) {
        Versioned current = currentVersioned(municipality);
        if (!current.verification().trusted()) {
            // a new version would seal over the forged one and launder it
            throw unverified(current, "no new version is added on top of it");
        }
        CatalogueEdits.checkVersion(expectedVersion, current.catalogue().version());
        LegalBasisCatalogue next = edit.apply(current.catalogue());
        if (next == current.catalogue()) {
            return current;
        }
        CatalogueChange change = new CatalogueChange(next.version(), what, decisionReference, actor.userId(), clock.instant());
        versions.append(CatalogueKind.LEGAL_BASES, municipality, change, JSON.writeValueAsString(document(next)));
        return new Versioned(next, change);
    }

    private static Document document(LegalBasisCatalogue catalogue) {
        return new Document(catalogue.own().stream().map(r -> new Entry(r.code(), r.provision(), r.label(),
                r.conditions().stream().sorted().map(Enum::name).toList(), r.fourEyes(), r.retired())).toList());
    }

    private static Versioned read(String municipality, CatalogueVersions.Stored stored) {
        int version = stored.change().version();
        List<LegalBasisRule> own = new ArrayList<>();
        Document document;
        try {
            document = JSON.readValue(stored.document(), Document.class);
        } catch (RuntimeException e) {
            log.warn("Version {} of municipality {}'s legal-basis catalogue cannot be read; only the national provisions apply",
                    version, municipality);
            return new Versioned(new LegalBasisCatalogue(municipality, version, List.of()), stored.change());
        }
        for (Entry entry : document.entries() == null ? List.<Entry>of() : document.entries()) {
            try {
                Set<LegalBasisCondition> conditions = EnumSet.noneOf(LegalBasisCondition.class);
                entry.conditions().forEach(c -> conditions.add(LegalBasisCondition.valueOf(c)));
                own.add(new LegalBasisRule(entry.code(), entry.provision(), entry.label(), conditions, entry.fourEyes(),
                        false, entry.retired(), version));
            } catch (RuntimeException e) {
                log.warn("An entry of version {} of municipality {}'s legal-basis catalogue is not a valid rule and is left out",
                        version, municipality);
            }
        }
        return new Versioned(new LegalBasisCatalogue(municipality, version, own), stored.change());
    }
}
