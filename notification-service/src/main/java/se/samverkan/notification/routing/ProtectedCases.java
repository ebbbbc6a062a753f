package se.samverkan.notification.routing;

import se.samverkan.contracts.ProtectedIdentity;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a case whose subject has a protected identity keeps from everyone but its team and supervisors: one rule for
 * the planner (items made while the case is protected) and for what was made before the level was raised (the unit
 * queue's items, mail still waiting). case-service publishes {@code protection-changed.v1} when a level is put in
 * force, and every later event of the case carries the level too; from the first of them {@code case_routes} says so.
 */
public final class ProtectedCases {

    /** Unit-queue items that would show the whole unit that the case exists, which the rest of the unit need not know. */
    public static final Set<NotificationKind> KEPT_OFF_THE_UNIT_QUEUE = Collections.unmodifiableSet(
            EnumSet.of(NotificationKind.DEADLINE_APPROACHING, NotificationKind.DEADLINE_MISSED));

    /**
     * SQL condition, true when the case in {@code caseIdColumn} is known here as protected now: for items written before
     * the level was raised, whose message may still name the case's unit.
     */
    public static String isProtectedNow(String caseIdColumn) {
        return "EXISTS (SELECT 1 FROM case_routes protected_case WHERE protected_case.case_id = " + caseIdColumn
                + " AND protected_case.protected_identity <> '" + ProtectedIdentity.NONE.name() + "')";
    }

    /** The SQL list of {@link #KEPT_OFF_THE_UNIT_QUEUE}, for an {@code IN (…)}: fixed enum names, never input. */
    public static String keptOffTheUnitQueue() {
        return String.join(", ", KEPT_OFF_THE_UNIT_QUEUE.stream().map(kind -> "'" + kind.name() + "'").sorted().toList());
    }

    public static boolean isProtected(ProtectedIdentity level) {
        return level != null && level != ProtectedIdentity.NONE;
    }

    private ProtectedCases() {
    }
}
