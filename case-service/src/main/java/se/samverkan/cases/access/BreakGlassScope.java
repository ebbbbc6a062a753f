package se.samverkan.cases.access;

/**
 * How far a unit's social workers may break the glass. {@code OWN_UNIT} is the default the design promises; a unit
 * that covers for others at night may be given {@code MUNICIPALITY}, which still never opens another unit's
 * exit-program case nor another unit's protected identity. A protected identity in the own unit is reached only where
 * the unit says so ({@code allowProtectedIdentity}).
 */
public record BreakGlassScope(Reach reach, boolean allowProtectedIdentity) {

    public enum Reach {
        OWN_UNIT,
        MUNICIPALITY
    }

    public static final BreakGlassScope DEFAULT = new BreakGlassScope(Reach.OWN_UNIT, false);

    public BreakGlassScope {
        reach = reach == null ? Reach.OWN_UNIT : reach;
    }
}
