package se.samverkan.cases.domain;

import java.util.Objects;

/**
 * Who sent a report, as the unit that sent it: its agency ({@code POLICE}, {@code MUNICIPALITY}), the reporter's role
 * (a {@code ReporterRole} code), municipality and unit. Names no person, so it may travel with every event about the
 * report: the effect figures count by it and the reporter's feedback is routed by it.
 */
public record ReportSource(String agency, String role, String municipality, String unit) {

    public ReportSource {
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(unit, "unit");
    }
}
