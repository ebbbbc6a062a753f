package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import se.samverkan.contracts.vocabulary.ReporterRole;

import java.util.List;
import java.util.Optional;

/**
 * Which units of the municipality may send concerns (orosanmälan) through the intake, and as which reporter role
 * (issue 15). The role is the unit's, so a reporter cannot say it is someone else; a concern reporter whose unit is not
 * listed is refused. The police report as police, by their agency, and need no line here. Defaults: the demo realm's
 * school, field assistants and leisure staff of Haninge; a deployment lists its own, e.g.
 * {@code SAMVERKAN_CASES_INTAKE_REPORTERS_0_MUNICIPALITY=0136}, {@code …_REPORTERS_0_UNIT=haninge-skola},
 * {@code …_REPORTERS_0_ROLE=SCHOOL} (a list replaces the defaults as a whole).
 */
@ConfigurationProperties("samverkan.cases.intake")
public record IntakeProperties(List<Reporter> reporters) {

    public record Reporter(String municipality, String unit, ReporterRole role) {
    }

    public IntakeProperties {
        reporters = reporters == null || reporters.isEmpty() ? DEMO_REPORTERS : List.copyOf(reporters);
    }

    static final List<Reporter> DEMO_REPORTERS = List.of(
            new Reporter("0136", "haninge-skola", ReporterRole.SCHOOL),
            new Reporter("0136", "haninge-faltassistenter", ReporterRole.FIELD_ASSISTANT),
            new Reporter("0136", "haninge-fritid", ReporterRole.LEISURE_STAFF));

    /** The role a concern reporter of this unit reports as; empty for a unit the municipality did not configure. */
    public Optional<ReporterRole> roleOf(String municipality, String unit) {
        return reporters.stream().filter(r -> r.municipality().equals(municipality) && r.unit().equals(unit))
                .map(Reporter::role).findFirst();
    }
}
