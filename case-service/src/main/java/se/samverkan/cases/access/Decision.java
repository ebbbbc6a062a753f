package se.samverkan.cases.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * The policy's answer. {@code caseVisible} says whether a refusal may admit that the case exists (403) or must
 * look like it does not (404).
 */
public record Decision(boolean allowed, boolean caseVisible, String ground, Set<FieldGroup> fieldGroups,
                       boolean breakGlass, String denialReason) {

    public Decision {
        fieldGroups = fieldGroups.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fieldGroups));
    }

    public static Decision allow(String ground, Set<FieldGroup> fieldGroups) {
        return new Decision(true, true, ground, fieldGroups, false, null);
    }

    public static Decision breakGlass(Set<FieldGroup> fieldGroups) {
        return new Decision(true, true, "break-glass", fieldGroups, true, null);
    }

    /** Refused, and the caller may know the case exists. */
    public static Decision forbid(String reason) {
        return new Decision(false, true, null, Set.of(), false, reason);
    }

    /** Refused as if the case did not exist. */
    public static Decision hide(String reason) {
        return new Decision(false, false, null, Set.of(), false, reason);
    }

    public boolean shows(FieldGroup group) {
        return allowed && fieldGroups.contains(group);
    }
}
