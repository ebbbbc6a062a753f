package se.samverkan.cases.breakglass;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import se.samverkan.cases.access.BreakGlassRules;
import se.samverkan.cases.access.BreakGlassScope;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Break-glass scope per unit, e.g. {@code samverkan.cases.break-glass.units.haninge-jour.scope: MUNICIPALITY}. A unit
 * not named here breaks the glass only in its own unit and never into a protected identity.
 *
 * @param units per unit code: {@code scope} ({@code OWN_UNIT} or {@code MUNICIPALITY}) and
 *              {@code allow-protected-identity} (whether the unit's own protected-identity cases may be opened)
 */
@ConfigurationProperties("samverkan.cases.break-glass")
public record BreakGlassProperties(Map<String, Unit> units) {

    public record Unit(@DefaultValue("OWN_UNIT") BreakGlassScope.Reach scope,
                       @DefaultValue("false") boolean allowProtectedIdentity) {
    }

    public BreakGlassProperties {
        units = units == null ? Map.of() : Map.copyOf(units);
    }

    public BreakGlassRules rules() {
        return new BreakGlassRules(units.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> new BreakGlassScope(e.getValue().scope(), e.getValue().allowProtectedIdentity()))));
    }
}
