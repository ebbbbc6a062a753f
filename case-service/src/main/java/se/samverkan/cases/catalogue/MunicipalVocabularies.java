package se.samverkan.cases.catalogue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.config.CodeListProperties;
import se.samverkan.cases.config.CodeLists;
import se.samverkan.cases.domain.MunicipalVocabulary;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Each municipality's version of the shared vocabularies (issue 15): read wherever a command takes a code, served at
 * {@code /api/vocabularies}, changed by the municipality's administrator. The rules are {@link MunicipalVocabulary}'s;
 * this keeps its versions.
 */
@Component
public class MunicipalVocabularies {

    private static final Logger log = LoggerFactory.getLogger(MunicipalVocabularies.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Document(List<MunicipalVocabulary.LocalEntry> entries) {
    }

    /** A version with who made it. */
    public record Versioned(MunicipalVocabulary vocabulary, CatalogueChange change) {
    }

    private final CatalogueVersions versions;
    private final CatalogueEdits edits;
    private final CodeLists codeLists;
    private final Clock clock;

    MunicipalVocabularies(CatalogueVersions versions, CatalogueEdits edits, CodeLists codeLists, Clock clock) {
        this.versions = versions;
        this.edits = edits;
        this.codeLists = codeLists;
        this.clock = clock;
    }

    /**
     * The code {@code code} as the field {@code vocabulary} of a command in {@code municipality} may record it: a
     * usable code of the municipality's current version (national, or its own under a national one), else 422
     * {@code unknown-code} listing the usable codes.
     */
    public <E extends Enum<E>> Coded<E> choose(String municipality, String vocabulary, Class<E> type, String code) {
        MunicipalVocabulary.Chosen chosen = current(municipality).choose(vocabulary, code);
        return new Coded<>(Enum.valueOf(type, chosen.national()), chosen.local());
    }

    public MunicipalVocabulary current(String municipality) {
        return currentVersioned(municipality).vocabulary();
    }

    public Versioned currentVersioned(String municipality) {
        return versions.latest(CatalogueKind.VOCABULARIES, municipality).map(s -> read(municipality, s))
                .orElse(new Versioned(MunicipalVocabulary.nationalOnly(municipality, prefix(municipality)), CatalogueChange.NATIONAL));
    }

    public Versioned at(String municipality, int version) {
        if (version == 0) {
            return new Versioned(MunicipalVocabulary.nationalOnly(municipality, prefix(municipality)), CatalogueChange.NATIONAL);
        }
        return versions.at(CatalogueKind.VOCABULARIES, municipality, version).map(s -> read(municipality, s))
                .orElseThrow(() -> ClientProblem.notFound("Version " + version + " of the vocabularies"));
    }

    public Versioned define(Actor actor, String vocabulary, String code, String parent, String label, Long expectedVersion,
                            String decisionReference) {
        return edits.change(actor, Operation.MAINTAIN_VOCABULARIES, "Vocabularies", municipality ->
                apply(actor, municipality, expectedVersion, v -> v.define(vocabulary, code, parent, label),
                        "defined " + vocabulary + "/" + code, decisionReference));
    }

    public Versioned retire(Actor actor, String vocabulary, String code, Long expectedVersion, String decisionReference) {
        return edits.change(actor, Operation.MAINTAIN_VOCABULARIES, "Vocabularies", municipality ->
                apply(actor, municipality, expectedVersion, v -> v.retire(vocabulary, code),
                        "retired " + vocabulary + "/" + code, decisionReference));
    }

    private Versioned apply(Actor actor, String municipality, Long expectedVersion,
                            java.util.function.UnaryOperator<MunicipalVocabulary> edit, String what, String decisionReference) {
        Versioned current = currentVersioned(municipality);
        CatalogueEdits.checkVersion(expectedVersion, current.vocabulary().version());
        MunicipalVocabulary next = edit.apply(current.vocabulary());
        if (next == current.vocabulary()) {
            return current;
        }
        CatalogueChange change = new CatalogueChange(next.version(), what, decisionReference, actor.userId(), clock.instant());
        versions.append(CatalogueKind.VOCABULARIES, municipality, change, JSON.writeValueAsString(new Document(next.entries())));
        return new Versioned(next, change);
    }

    /** The prefix of the municipality's own codes, from its configured name (a code list every service shares). */
    String prefix(String municipality) {
        return codeLists.lists().municipalities().stream().filter(m -> m.code().equals(municipality))
                .map(CodeListProperties.Municipality::name).findFirst().map(MunicipalVocabulary::prefixFor)
                .orElse("K" + municipality + "_");
    }

    private Versioned read(String municipality, CatalogueVersions.Stored stored) {
        int version = stored.change().version();
        List<MunicipalVocabulary.LocalEntry> entries = new ArrayList<>();
        try {
            Document document = JSON.readValue(stored.document(), Document.class);
            if (document.entries() != null) {
                document.entries().stream().filter(e -> e != null && e.vocabulary() != null && e.code() != null)
                        .forEach(entries::add);
            }
        } catch (RuntimeException e) {
            log.warn("Version {} of municipality {}'s vocabularies cannot be read; the national codes apply", version, municipality);
        }
        return new Versioned(new MunicipalVocabulary(municipality, prefix(municipality), version, entries), stored.change());
    }
}
