package se.samverkan.cases.domain;

import se.samverkan.contracts.vocabulary.Labelled;
import se.samverkan.contracts.vocabulary.Vocabularies;
import se.samverkan.platform.problem.ClientProblem;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A municipality's version of the shared vocabularies (issue 15): every vocabulary registered in
 * {@link Vocabularies#fixed()} — measures, closing outcomes, decline reasons, referral outcomes, purposes, and whatever
 * is registered there later — with the municipality's changes on top: its own codes under a national one, national
 * codes relabelled, codes retired. Every change gives a new version; nothing is ever removed, so a code once recorded
 * stays resolvable with its label after it is retired. Events keep the national code in the field they always had
 * (the same meaning in every municipality, for the contracts and the figures) and the municipality's own code beside
 * it. The purposes are closed: consents and legal bases compare them by code, so a municipality may relabel them only.
 */
public record MunicipalVocabulary(String municipality, String localPrefix, int version, List<LocalEntry> entries) {

    /** Vocabularies whose codes rules compare; a municipality may relabel them, not add or retire codes. */
    public static final Set<String> CLOSED = Set.of("purposes");
    public static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    static final int MAX_LABEL = 120;

    /**
     * A municipality's change to one code: its own code under the national {@code parent}, or (parent null) a
     * national code relabelled ({@code label} null: the national label) or retired.
     */
    public record LocalEntry(String vocabulary, String code, String parent, String label, boolean retired) {
    }

    /** A code as the municipality uses it in this version. */
    public record Code(String code, String label, String parent, boolean national, boolean retired) {
    }

    /** What a command records: the national code, and the municipality's own code under it (null if none was chosen). */
    public record Chosen(String national, String local) {
    }

    public MunicipalVocabulary {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public static MunicipalVocabulary nationalOnly(String municipality, String localPrefix) {
        return new MunicipalVocabulary(municipality, localPrefix, 0, List.of());
    }

    /** The prefix of a municipality's own codes: its name in capitals without diacritics, e.g. SODERTALJE_. */
    public static String prefixFor(String municipalityName) {
        String folded = Normalizer.normalize(municipalityName, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        return folded + "_";
    }

    public static List<String> vocabularies() {
        return List.copyOf(Vocabularies.fixed().keySet());
    }

    /** Every code of the vocabulary in this version: national ones in their order, then the municipality's own. */
    public List<Code> codes(String vocabulary) {
        List<Code> national = Arrays.stream(type(vocabulary).getEnumConstants()).map(c -> {
            Optional<LocalEntry> change = entry(vocabulary, c.name());
            String label = change.map(LocalEntry::label).orElse(null);
            return new Code(c.name(), label != null ? label : ((Labelled) c).label(), null, true,
                    change.map(LocalEntry::retired).orElse(false));
        }).toList();
        List<Code> own = entries.stream().filter(e -> e.vocabulary().equals(vocabulary) && e.parent() != null)
                .map(e -> new Code(e.code(), e.label(), e.parent(), false, e.retired())).toList();
        return Stream.concat(national.stream(), own.stream()).toList();
    }

    public Optional<Code> resolve(String vocabulary, String code) {
        return codes(vocabulary).stream().filter(c -> c.code().equals(code)).findFirst();
    }

    public List<String> usableCodes(String vocabulary) {
        return codes(vocabulary).stream().filter(c -> !c.retired()).map(Code::code).toList();
    }

    /**
     * The code a command may record in the field {@code vocabulary}: a usable code of this version, else 422
     * {@code unknown-code} naming the field and every usable code (the value is never echoed: it may be a name).
     */
    public Chosen choose(String vocabulary, String code) {
        Code found = resolve(vocabulary, code).filter(c -> !c.retired())
                .orElseThrow(() -> ClientProblem.unknownCode(vocabulary, usableCodes(vocabulary)));
        return found.national() ? new Chosen(found.code(), null) : new Chosen(found.parent(), found.code());
    }

    /**
     * The vocabularies with {@code code} defined: a national code relabelled ({@code parent} null; a null label puts
     * the national label back) or the municipality's own code added under {@code parent} or relabelled. Either is
     * reinstated if it was retired. Answers this same version when nothing would change.
     */
    public MunicipalVocabulary define(String vocabulary, String code, String parent, String label) {
        Class<? extends Enum<? extends Labelled>> type = type(vocabulary);
        String cleanLabel = label == null ? null : label.strip();
        if (cleanLabel != null && (cleanLabel.isEmpty() || cleanLabel.length() > MAX_LABEL)) {
            throw invalid("label", "a label is 1-" + MAX_LABEL + " characters of Swedish text");
        }
        boolean national = Vocabularies.isCode(type, code);
        LocalEntry entry;
        if (national) {
            if (parent != null && !parent.equals(code)) {
                throw invalid("parent", code + " is a national code; it has no parent");
            }
            entry = new LocalEntry(vocabulary, code, null, cleanLabel, false);
        } else {
            if (CLOSED.contains(vocabulary)) {
                throw ClientProblem.conflict("closed-vocabulary", vocabulary + " is compared by code in consents and legal"
                        + " bases; a municipality may relabel its codes but not add its own");
            }
            if (code == null || !CODE.matcher(code).matches() || !code.startsWith(localPrefix) || code.equals(localPrefix)) {
                throw invalid("code", "a municipality's own code is capitals, digits and underscores and starts with "
                        + localPrefix + " (e.g. " + localPrefix + "FORALDRAGRUPP), so it never collides with a national code");
            }
            if (parent == null || !Vocabularies.isCode(type, parent)) {
                throw invalid("parent", "a municipality's own code sits under a national code of " + vocabulary + ": one of "
                        + String.join(", ", Vocabularies.codes(type)));
            }
            if (resolve(vocabulary, parent).map(Code::retired).orElse(false)) {
                throw invalid("parent", parent + " is retired in this municipality; reinstate it first");
            }
            if (cleanLabel == null) {
                throw invalid("label", "a municipality's own code needs a Swedish label");
            }
            Optional<LocalEntry> existing = entry(vocabulary, code);
            if (existing.isPresent() && !existing.get().parent().equals(parent)) {
                throw ClientProblem.conflict("code-parent-fixed", code + " was defined under " + existing.get().parent()
                        + "; records already carry that pair, so define a new code instead");
            }
            entry = new LocalEntry(vocabulary, code, parent, cleanLabel, false);
        }
        return with(entry);
    }

    /** The vocabularies with {@code code} retired: no new record may name it; recorded ones keep it and its label. */
    public MunicipalVocabulary retire(String vocabulary, String code) {
        type(vocabulary);
        if (CLOSED.contains(vocabulary)) {
            throw ClientProblem.conflict("closed-vocabulary", vocabulary + " is compared by code in consents and legal"
                    + " bases; its codes cannot be retired by a municipality");
        }
        Code found = resolve(vocabulary, code).orElseThrow(() -> ClientProblem.notFound("Code " + vocabulary + "/" + code));
        if (found.retired()) {
            return this;
        }
        LocalEntry current = entry(vocabulary, code).orElse(new LocalEntry(vocabulary, code, null, null, false));
        return with(new LocalEntry(vocabulary, code, current.parent(), current.label(), true));
    }

    private MunicipalVocabulary with(LocalEntry entry) {
        if (entry(entry.vocabulary(), entry.code()).map(entry::equals).orElse(false)
                || entry.parent() == null && entry.label() == null && !entry.retired() && entry(entry.vocabulary(), entry.code()).isEmpty()) {
            return this;
        }
        List<LocalEntry> next = new ArrayList<>(entries.stream()
                .filter(e -> !(e.vocabulary().equals(entry.vocabulary()) && e.code().equals(entry.code()))).toList());
        next.add(entry);
        return new MunicipalVocabulary(municipality, localPrefix, version + 1, next);
    }

    private Optional<LocalEntry> entry(String vocabulary, String code) {
        return entries.stream().filter(e -> e.vocabulary().equals(vocabulary) && e.code().equals(code)).findFirst();
    }

    private static Class<? extends Enum<? extends Labelled>> type(String vocabulary) {
        Map<String, Class<? extends Enum<? extends Labelled>>> fixed = Vocabularies.fixed();
        Class<? extends Enum<? extends Labelled>> type = fixed.get(vocabulary);
        if (type == null) {
            throw ClientProblem.notFound("Vocabulary " + vocabulary);
        }
        return type;
    }

    private static ClientProblem invalid(String field, String detail) {
        return new ClientProblem(422, "invalid-code-definition", "Invalid code definition", field + ": " + detail,
                Map.of("field", field));
    }
}
