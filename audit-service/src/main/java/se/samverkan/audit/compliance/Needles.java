package se.samverkan.audit.compliance;

import se.samverkan.contracts.CloudEventCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Byte strings an entry must contain to possibly match a query: each criterion as the producer's JSON writer puts it
 * between quotes. Every criterion must be present (AND); a criterion may have several spellings (OR), for a UUID its
 * lower- and upper-case text. The needles only narrow: the entry is still parsed and matched on what it says.
 * Timestamps have no needle (their text has several spellings); a search by time alone examines every row.
 */
public final class Needles {

    public static final Needles NONE = new Needles(List.of(), null, null, null);

    private final List<List<byte[]>> criteria;
    // the criteria the search index knows (LeafIndex)
    private final UUID caseId;
    private final UUID subjectId;
    private final String actorId;

    private Needles(List<List<byte[]>> criteria, UUID caseId, UUID subjectId, String actorId) {
        this.criteria = criteria;
        this.caseId = caseId;
        this.subjectId = subjectId;
        this.actorId = actorId;
    }

    public static Needles of(EntryQuery query) {
        List<List<byte[]>> criteria = new ArrayList<>();
        uuid(criteria, query.caseId());
        uuid(criteria, query.subjectId());
        text(criteria, query.actorId());
        text(criteria, query.type());
        text(criteria, query.action());
        text(criteria, query.legalBasis());
        return new Needles(Collections.unmodifiableList(criteria), query.caseId(), query.subjectId(),
                query.actorId() == null || query.actorId().isEmpty() ? null : query.actorId());
    }

    public static Needles caseId(UUID caseId) {
        List<List<byte[]>> criteria = new ArrayList<>();
        uuid(criteria, caseId);
        return new Needles(criteria, caseId, null, null);
    }

    public static Needles subject(UUID subjectId) {
        List<List<byte[]>> criteria = new ArrayList<>();
        uuid(criteria, subjectId);
        return new Needles(criteria, null, subjectId, null);
    }

    public boolean isEmpty() {
        return criteria.isEmpty();
    }

    /** Whether a matching entry must mention a key the search index knows (a case, a subject or an actor). */
    boolean indexable() {
        return caseId != null || subjectId != null || actorId != null;
    }

    UUID caseId() {
        return caseId;
    }

    UUID subjectId() {
        return subjectId;
    }

    String actorId() {
        return actorId;
    }

    /** The SQL condition to append to a WHERE clause (empty when nothing narrows). */
    String sql() {
        StringBuilder sql = new StringBuilder();
        for (List<byte[]> spellings : criteria) {
            sql.append(" AND (");
            for (int i = 0; i < spellings.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("position(?::bytea in entry) > 0");
            }
            sql.append(')');
        }
        return sql.toString();
    }

    List<Object> arguments() {
        List<Object> arguments = new ArrayList<>();
        criteria.forEach(arguments::addAll);
        return arguments;
    }

    /** What the SQL condition says of one row's bytes (for tests and in-memory checks). */
    boolean containedIn(byte[] bytes) {
        return criteria.stream().allMatch(spellings -> spellings.stream().anyMatch(needle -> indexOf(bytes, needle) >= 0));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void uuid(List<List<byte[]>> criteria, UUID id) {
        if (id != null) {
            String text = id.toString();
            criteria.add(List.of(bytes(text), bytes(text.toUpperCase(Locale.ROOT))));
        }
    }

    private static void text(List<List<byte[]>> criteria, String value) {
        if (value != null && !value.isEmpty()) {
            // the value as the JSON writer escapes it, without the quotes: a quote or backslash in an actor id is
            // stored as \\" or \\\\, and the needle must be those bytes
            String json = CloudEventCodec.mapper().writeValueAsString(value);
            criteria.add(List.of(bytes(json.substring(1, json.length() - 1))));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
