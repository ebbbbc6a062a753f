package se.samverkan.audit.compliance;

import se.samverkan.audit.log.Entries;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.access.DirectoryEntryChanged;
import se.samverkan.platform.problem.ClientProblem;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The free-text criteria of the compliance reads, checked before anything is read or logged. Every criterion is
 * written into the read's own {@code audit-log-read} entry, which can never be removed: a personnummer or a name typed
 * into the wrong field would stay in the log for good. So each must have the shape of what it searches for, and a
 * value that does not is refused with 400 {@code validation-failed}, naming the field and the shape, never the value.
 */
public final class SearchCriteria {

    /** Actors are Keycloak subjects (the token's {@code sub}, which case-service and notification-service record). */
    static final Pattern ACTOR_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /**
     * A legal-basis catalogue code, as case-service's {@code LegalBasisRule.CODE} defines it: a capital letter first,
     * so no personnummer or other number passes, and no space or lower case, so no name as it is written. A name in
     * capitals with an underscore (KIM_TESTSSON) has this shape too, as do a municipality's own codes
     * (SAMTYCKE_UNDER_18), so the shape only decides what is searched: what the read's entry records of it is
     * {@link LegalBasisCriterion}'s (the code only when it cannot be free text, else a keyed digest).
     */
    static final Pattern LEGAL_BASIS = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");

    /** What an entry's {@code action} can say: an access's action, a directory change, or else the entry's type. */
    private static final Set<String> ACTIONS = new TreeSet<>();
    private static final Set<String> TYPES = new TreeSet<>();

    static {
        EventTypes.all().forEach(entry -> TYPES.add(entry.type()));
        TYPES.addAll(Entries.internalTypes());
        Stream.concat(Arrays.stream(AccessAction.values()), Arrays.stream(DirectoryEntryChanged.Change.values()))
                .map(Enum::name).forEach(ACTIONS::add);
        ACTIONS.addAll(TYPES);
    }

    private SearchCriteria() {
    }

    /** @throws ClientProblem 400 when a given criterion is not of its field's shape */
    public static void check(String actorId, String type, String action, String legalBasis) {
        checkActorId(actorId);
        if (type != null && !TYPES.contains(type)) {
            throw invalid("type", "an event or entry type such as se.samverkan.access.access-recorded.v1; the types are "
                    + String.join(", ", TYPES));
        }
        if (action != null && !ACTIONS.contains(action)) {
            throw invalid("action", "an access action (" + String.join(", ", names(AccessAction.values()))
                    + "), a directory change (" + String.join(", ", names(DirectoryEntryChanged.Change.values()))
                    + ") or an event type");
        }
        if (legalBasis != null && !LEGAL_BASIS.matcher(legalBasis).matches()) {
            throw invalid("legalBasis", "a legal-basis catalogue code such as OSL_10_18A or CONSENT (capital letters, digits "
                    + "and _, beginning with a letter)");
        }
    }

    /** @throws ClientProblem 400 when {@code actorId} is given and is not an actor id */
    public static void checkActorId(String actorId) {
        if (actorId != null && !ACTOR_ID.matcher(actorId).matches()) {
            throw invalid("actorId", "the actor's user id, a UUID such as 6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b05 (the userId "
                    + "shown in the entries), never a name or personal identity number");
        }
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    private static ClientProblem invalid(String field, String shape) {
        // the value is not echoed: it may be exactly the personal data this check keeps out of the log
        return new ClientProblem(400, "validation-failed", "Invalid request",
                field + " is not " + shape + ". Nothing was searched or recorded",
                java.util.Map.of("errors", java.util.List.of(java.util.Map.of("field", field, "message", "not " + shape))));
    }
}
