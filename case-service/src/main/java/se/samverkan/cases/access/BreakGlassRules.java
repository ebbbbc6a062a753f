package se.samverkan.cases.access;

import java.util.Map;

/** The break-glass scope of each unit (keyed by unit code); a unit not named gets {@link BreakGlassScope#DEFAULT}. */
public record BreakGlassRules(Map<String, BreakGlassScope> units) {

    public static final BreakGlassRules DEFAULTS = new BreakGlassRules(Map.of());

    public BreakGlassRules {
        units = units == null ? Map.of() : Map.copyOf(units);
    }

    public BreakGlassScope scopeOf(String unit) {
        return unit == null ? BreakGlassScope.DEFAULT : units.getOrDefault(unit, BreakGlassScope.DEFAULT);
    }
}
