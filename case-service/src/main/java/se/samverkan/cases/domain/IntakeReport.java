package se.samverkan.cases.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One report or concern as the case that received it knows it: who sent it and about what, whether it opened the case
 * or joined it, and how far the unit has come with it — the same-day safety assessment (skyddsbedömning), the
 * assessment's outcome (förhandsbedömning: investigation opened, not opened, already ongoing) or its forwarding to
 * another unit. {@code summary} is the reporter's free text, sealed with the subject's key.
 */
public record IntakeReport(String reportId, ReportSource reporter, List<String> concernTypes, String summary,
                           Instant receivedAt, boolean attached, String forwardedFromMunicipality,
                           String forwardedFromUnit, LocalDate safetyAssessmentDueOn, LocalDate assessmentDueOn,
                           LocalDate safetyAssessedOn, Boolean immediateProtectionNeeded, String assessment,
                           LocalDate assessedOn, String forwardedToMunicipality, String forwardedToUnit,
                           String forwardingReason, LocalDate forwardedOn, List<ForwardingRoute.Stop> earlierStops) {

    public IntakeReport {
        concernTypes = concernTypes == null ? List.of() : List.copyOf(concernTypes);
        earlierStops = earlierStops == null ? null : List.copyOf(earlierStops);
    }

    /**
     * Every unit the report was received at before this case's unit, oldest first: the route it came with, or, for a
     * report forwarded before the route travelled with it, the unit it came from.
     */
    public List<ForwardingRoute.Stop> stopsBefore() {
        if (earlierStops != null) {
            return earlierStops;
        }
        return forwardedFromUnit == null ? List.of() : List.of(new ForwardingRoute.Stop(forwardedFromMunicipality, forwardedFromUnit));
    }

    public boolean isForwarded() {
        return forwardedOn != null;
    }

    public boolean isAssessed() {
        return assessment != null;
    }

    public boolean isSafetyAssessed() {
        return safetyAssessedOn != null;
    }

    /** Still waiting for this unit's assessment: neither assessed nor sent on. */
    public boolean isPending() {
        return !isAssessed() && !isForwarded();
    }

    IntakeReport safetyAssessed(LocalDate on, boolean protectionNeeded) {
        return new IntakeReport(reportId, reporter, concernTypes, summary, receivedAt, attached, forwardedFromMunicipality,
                forwardedFromUnit, safetyAssessmentDueOn, assessmentDueOn, on, protectionNeeded, assessment, assessedOn,
                forwardedToMunicipality, forwardedToUnit, forwardingReason, forwardedOn, earlierStops);
    }

    IntakeReport assessed(String outcome, LocalDate on) {
        return new IntakeReport(reportId, reporter, concernTypes, summary, receivedAt, attached, forwardedFromMunicipality,
                forwardedFromUnit, safetyAssessmentDueOn, assessmentDueOn, safetyAssessedOn, immediateProtectionNeeded,
                outcome, on, forwardedToMunicipality, forwardedToUnit, forwardingReason, forwardedOn, earlierStops);
    }

    IntakeReport forwarded(String toMunicipality, String toUnit, String reason, LocalDate on) {
        return new IntakeReport(reportId, reporter, concernTypes, summary, receivedAt, attached, forwardedFromMunicipality,
                forwardedFromUnit, safetyAssessmentDueOn, assessmentDueOn, safetyAssessedOn, immediateProtectionNeeded,
                assessment, assessedOn, toMunicipality, toUnit, reason, on, earlierStops);
    }

    /** The text as a cleared or erased case may still show it: everything but the reporter's words. */
    public IntakeReport withoutSummary() {
        return new IntakeReport(reportId, reporter, concernTypes, null, receivedAt, attached, forwardedFromMunicipality,
                forwardedFromUnit, safetyAssessmentDueOn, assessmentDueOn, safetyAssessedOn, immediateProtectionNeeded,
                assessment, assessedOn, forwardedToMunicipality, forwardedToUnit, forwardingReason, forwardedOn, earlierStops);
    }

    @Override
    public String toString() {
        return "IntakeReport[" + reportId + "]";
    }
}
