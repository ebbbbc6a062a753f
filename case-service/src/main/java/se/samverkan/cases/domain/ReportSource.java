package se.samverkan.cases.domain;

import java.util.Objects;

/**
 * Who sent a report, as the unit that sent it: its agency ({@code POLICE}, {@code MUNICIPALITY}), the reporter's role
 * (a {@code ReporterRole} code), municipality and unit. Names no person, so it may travel with every event about the
 * report: the effect figures count by it and the reporter's feedback is routed by it. Every report has a unit; only
 * a reader's copy {@link #withoutWhereabouts() without whereabouts} has none.
 */
public record ReportSource(String agency, String role, String municipality, String unit) {

    public ReportSource {
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(role, "role");
    }

    /**
     * The sender's kind without its place: the school, youth centre or police area that reported a young person is
     * where they live or go to school, which for a protected identity is contact data ({@link ProtectedLocation}).
     */
    public ReportSource withoutWhereabouts() {
        return new ReportSource(agency, role, null, null);
    }
}
