package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.AssessReport;
import se.samverkan.cases.domain.CaseCommand.AttachReport;
import se.samverkan.cases.domain.CaseCommand.ForwardReport;
import se.samverkan.cases.domain.CaseCommand.ReceiveReport;
import se.samverkan.cases.domain.CaseCommand.RecordSafetyAssessment;
import se.samverkan.cases.domain.CaseEvent.CaseClosed;
import se.samverkan.cases.domain.CaseEvent.CaseOpened;
import se.samverkan.cases.domain.CaseEvent.DeadlineMet;
import se.samverkan.cases.domain.CaseEvent.DeadlineScheduled;
import se.samverkan.cases.domain.CaseEvent.ReportAssessed;
import se.samverkan.cases.domain.CaseEvent.ReportForwarded;
import se.samverkan.cases.domain.CaseEvent.ReportReceived;
import se.samverkan.cases.domain.CaseEvent.SafetyAssessed;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.ConcernType;
import se.samverkan.contracts.vocabulary.ReportStatus;
import se.samverkan.contracts.vocabulary.ReporterRole;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reports and concerns in (issue 15): a report opens an intake, or joins the subject's case already open in the
 * receiving unit; both statutory clocks start the day it is received — the safety assessment (skyddsbedömning) is due
 * that day, the assessment (förhandsbedömning) 14 days on — whatever a worker does with the case afterwards. Each
 * report is concluded on its own: with the case's investigation, by a decision on the report, or by forwarding it to
 * the unit that should have had it (after its safety assessment, which cannot wait for the other unit).
 */
public final class Intake {

    /** SoL 11 kap. 1 a §: the assessment of whether to open an investigation is made within 14 days of receipt. */
    static final int ASSESSMENT_DAYS = 14;

    private Intake() {
    }

    public static List<CaseEvent> decide(ReceiveReport command, CaseCalendar calendar) {
        requireSummary(command.summary());
        LocalDate today = calendar.dayOf(command.at());
        CaseOrigin origin = ReporterRole.POLICE.name().equals(command.reporter().role())
                ? CaseOrigin.POLICE_REPORT : CaseOrigin.CONCERN_REPORT;
        List<CaseEvent> events = new ArrayList<>();
        events.add(new CaseOpened(command.caseId(), Program.RAPID_INTERVENTION, command.municipality(), command.unit(),
                command.subjectId(), command.subject(), List.of(), origin, PhaseTransitionPolicy.initial(),
                ActedBy.of(command.by()), command.at()));
        events.add(new ReportReceived(command.caseId(), command.reportId(), command.reporter(), codes(command.concernTypes()),
                command.summary(), false, command.forwardedFromMunicipality(), command.forwardedFromUnit(), today,
                today.plusDays(ASSESSMENT_DAYS), ActedBy.of(command.by()), command.at(), command.earlierStops()));
        events.add(schedule(command.caseId(), command.reportId(), DeadlineKind.SAFETY_ASSESSMENT, today, command.at()));
        events.add(schedule(command.caseId(), command.reportId(), DeadlineKind.PRELIMINARY_ASSESSMENT,
                today.plusDays(ASSESSMENT_DAYS), command.at()));
        Deadlines.firstFamilyContact(Program.RAPID_INTERVENTION, command.firstFamilyContactDays(), command, calendar)
                .ifPresent(events::add);
        return events;
    }

    /**
     * The report joins the open case: under investigation it is "already ongoing" at once (the new information goes
     * into the investigation); otherwise it waits for its own assessment, due 14 days after receipt. Attaching the
     * same report twice (a retried forwarding) changes nothing.
     * <p>
     * Not at once for a young person with a protected identity: an answer the same day would tell any reporter (a
     * police unit, a school) who sends a report about them to each unit in turn which one has their case, and so where
     * they live. Such a report waits for the team's own assessment like any other, and the team may withhold the answer.
     */
    public static List<CaseEvent> decide(CaseFile file, AttachReport command, CaseCalendar calendar) {
        if (file.report(command.reportId()).isPresent()) {
            return List.of();
        }
        CaseGuards.requireOpen(file);
        if (!file.subjectId().equals(command.subjectId())) {
            throw ClientProblem.conflict("not-the-same-subject", "A report joins only a case of the same subject");
        }
        requireSummary(command.summary());
        LocalDate today = calendar.dayOf(command.at());
        Optional<CaseEvent> raised = Protection.raisedBy(file, command.subjectProtection(), command.by(), command.at());
        boolean underInvestigation = file.phase() == Phase.INVESTIGATION && raised.isEmpty()
                && file.protectedIdentity() == se.samverkan.contracts.ProtectedIdentity.NONE;
        List<CaseEvent> events = new ArrayList<>();
        raised.ifPresent(events::add);
        events.add(new ReportReceived(file.caseId(), command.reportId(), command.reporter(), codes(command.concernTypes()),
                command.summary(), true, command.forwardedFromMunicipality(), command.forwardedFromUnit(), today,
                underInvestigation ? null : today.plusDays(ASSESSMENT_DAYS), ActedBy.of(command.by()), command.at(),
                command.earlierStops()));
        events.add(schedule(file.caseId(), command.reportId(), DeadlineKind.SAFETY_ASSESSMENT, today, command.at()));
        if (underInvestigation) {
            events.add(new ReportAssessed(file.caseId(), command.reportId(), command.reporter(),
                    ReportStatus.INVESTIGATION_ONGOING.name(), today, null, command.at()));
        } else {
            events.add(schedule(file.caseId(), command.reportId(), DeadlineKind.PRELIMINARY_ASSESSMENT,
                    today.plusDays(ASSESSMENT_DAYS), command.at()));
        }
        return events;
    }

    public static List<CaseEvent> decide(CaseFile file, RecordSafetyAssessment command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        IntakeReport report = report(file, command.reportId());
        requireNotForwarded(report);
        if (report.isSafetyAssessed()) {
            throw ClientProblem.conflict("safety-assessment-recorded", "The safety assessment of report " + report.reportId()
                    + " was recorded on " + report.safetyAssessedOn());
        }
        LocalDate today = calendar.dayOf(command.at());
        List<CaseEvent> events = new ArrayList<>();
        events.add(new SafetyAssessed(file.caseId(), report.reportId(), report.reporter(), command.immediateProtectionNeeded(),
                today, ActedBy.of(command.by()), command.at()));
        met(file, report.reportId(), DeadlineKind.SAFETY_ASSESSMENT, today, command.by(), command.at()).ifPresent(events::add);
        return events;
    }

    public static List<CaseEvent> decide(CaseFile file, AssessReport command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        IntakeReport report = report(file, command.reportId());
        requireNotForwarded(report);
        requireNotAssessed(report);
        requireSafetyAssessed(report, "concluding its assessment");
        ReportAssessmentPolicy.check(file.phase(), command.decision());
        LocalDate today = calendar.dayOf(command.at());
        List<CaseEvent> events = new ArrayList<>();
        events.add(new ReportAssessed(file.caseId(), report.reportId(), report.reporter(), command.decision().name(), today,
                ActedBy.of(command.by()), command.at()));
        met(file, report.reportId(), DeadlineKind.PRELIMINARY_ASSESSMENT, today, command.by(), command.at()).ifPresent(events::add);
        return events;
    }

    /**
     * Forwarding ends this unit's part: the report's assessment deadline here is met by the decision that another
     * unit is responsible, and an intake the report alone opened, with nothing else pending, closes as transferred.
     * The receiving unit gets it as a new report (see {@code application.ReportForwarding}).
     */
    public static List<CaseEvent> decide(CaseFile file, ForwardReport command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        IntakeReport report = report(file, command.reportId());
        requireNotForwarded(report);
        if (report.isAssessed()) {
            throw ClientProblem.conflict("report-assessed", "Report " + report.reportId() + " was assessed here ("
                    + report.assessment() + " on " + report.assessedOn() + "); only a report not yet assessed is forwarded");
        }
        requireSafetyAssessed(report, "forwarding it: the young person's safety cannot wait for the other unit");
        if (command.toMunicipality().equals(file.municipality()) && command.toUnit().equals(file.unit())) {
            throw ClientProblem.ruleViolation("forward-to-own-unit", "The report is already in " + file.unit()
                    + "; forward it to the unit or municipality that is responsible");
        }
        ForwardingRoute.requireNotVisited(file, report, command.earlierStops(), command.toMunicipality(), command.toUnit());
        LocalDate today = calendar.dayOf(command.at());
        ActedBy by = ActedBy.of(command.by());
        List<CaseEvent> events = new ArrayList<>();
        events.add(new ReportForwarded(file.caseId(), report.reportId(), report.reporter(), command.toMunicipality(),
                command.toUnit(), command.reason().name(), today, by, command.at()));
        met(file, report.reportId(), DeadlineKind.PRELIMINARY_ASSESSMENT, today, command.by(), command.at()).ifPresent(events::add);
        boolean othersPending = file.reports().stream().anyMatch(r -> !r.reportId().equals(report.reportId()) && r.isPending());
        boolean openReferrals = file.referrals().stream()
                .anyMatch(r -> r.status().isOpen() || r.status() == ReferralStatus.AWAITING_APPROVAL);
        if (!report.attached() && file.phase() == Phase.INTAKE && !othersPending && !openReferrals) {
            events.add(new CaseClosed(file.caseId(), file.phase(), CaseOutcome.TRANSFERRED.name(), by, command.at(), null));
            events.addAll(Sharing.endAll(file, p -> true, ShareEnd.CASE_CLOSED, today, command.by(), command.at()));
        }
        return events;
    }

    /** Moving the case to INVESTIGATION opens the investigation for every report still pending on it. */
    static List<CaseEvent> onPhaseChange(CaseFile file, Phase to, CaseCalendar calendar, Actor by, Instant at) {
        if (to != Phase.INVESTIGATION) {
            return List.of();
        }
        LocalDate today = calendar.dayOf(at);
        return file.reports().stream().filter(IntakeReport::isPending)
                .<CaseEvent>map(r -> new ReportAssessed(file.caseId(), r.reportId(), r.reporter(),
                        ReportStatus.INVESTIGATION_OPENED.name(), today, ActedBy.of(by), at))
                .toList();
    }

    /** Closing the case is the decision that no investigation is opened on the reports still pending on it. */
    static List<CaseEvent> onClosing(CaseFile file, CaseCalendar calendar, Actor by, Instant at) {
        LocalDate today = calendar.dayOf(at);
        List<CaseEvent> events = new ArrayList<>();
        for (IntakeReport r : file.reports()) {
            if (r.isPending()) {
                events.add(new ReportAssessed(file.caseId(), r.reportId(), r.reporter(), ReportStatus.NO_INVESTIGATION.name(),
                        today, ActedBy.of(by), at));
                met(file, r.reportId(), DeadlineKind.PRELIMINARY_ASSESSMENT, today, by, at).ifPresent(events::add);
            }
        }
        return events;
    }

    /** Derived, so the deadline of a report is found again from the report (and the same command yields the same id). */
    public static String deadlineId(CaseId caseId, String reportId, DeadlineKind kind) {
        return UUID.nameUUIDFromBytes(("report:" + caseId + ":" + reportId + ":" + kind).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static DeadlineScheduled schedule(CaseId caseId, String reportId, DeadlineKind kind, LocalDate dueOn, Instant at) {
        return new DeadlineScheduled(caseId, deadlineId(caseId, reportId, kind), kind, dueOn, null, at);
    }

    private static Optional<CaseEvent> met(CaseFile file, String reportId, DeadlineKind kind, LocalDate today, Actor by,
                                           Instant at) {
        return file.deadline(deadlineId(file.caseId(), reportId, kind)).filter(CaseFile.Deadline::isPending)
                .map(d -> new DeadlineMet(file.caseId(), d.deadlineId(), kind, d.dueOn(), today, ActedBy.of(by), at));
    }

    private static IntakeReport report(CaseFile file, String reportId) {
        return file.report(reportId).orElseThrow(() -> ClientProblem.notFound("Report " + reportId));
    }

    private static void requireNotForwarded(IntakeReport report) {
        if (report.isForwarded()) {
            throw ClientProblem.conflict("report-forwarded", "Report " + report.reportId() + " was forwarded to "
                    + report.forwardedToUnit() + " (" + report.forwardedToMunicipality() + ") on " + report.forwardedOn()
                    + "; that unit handles it now");
        }
    }

    private static void requireNotAssessed(IntakeReport report) {
        if (report.isAssessed()) {
            throw ClientProblem.conflict("report-assessed", "Report " + report.reportId() + " was already assessed ("
                    + report.assessment() + " on " + report.assessedOn() + ")");
        }
    }

    private static void requireSafetyAssessed(IntakeReport report, String before) {
        if (!report.isSafetyAssessed()) {
            throw ClientProblem.ruleViolation("safety-assessment-first", "Record the safety assessment (skyddsbedömning)"
                    + " of report " + report.reportId() + " before " + before);
        }
    }

    private static void requireSummary(String summary) {
        if (CaseGuards.isBlank(summary)) {
            throw ClientProblem.badRequest("summary-required", "A report needs a summary of what happened");
        }
    }

    private static List<String> codes(Set<ConcernType> types) {
        return types == null ? List.of() : types.stream().sorted().map(Enum::name).toList();
    }
}
