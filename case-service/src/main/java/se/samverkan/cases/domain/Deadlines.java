package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ChangePhase;
import se.samverkan.cases.domain.CaseCommand.MarkDeadlineApproaching;
import se.samverkan.cases.domain.CaseCommand.MarkDeadlineMissed;
import se.samverkan.cases.domain.CaseCommand.RecordFamilyContact;
import se.samverkan.cases.domain.CaseCommand.RecordJointPoliceMeeting;
import se.samverkan.cases.domain.CaseCommand.RecordLulDeadline;
import se.samverkan.cases.domain.CaseEvent.DeadlineApproaching;
import se.samverkan.cases.domain.CaseEvent.DeadlineMet;
import se.samverkan.cases.domain.CaseEvent.DeadlineMissed;
import se.samverkan.cases.domain.CaseEvent.DeadlineScheduled;
import se.samverkan.cases.domain.CaseEvent.FamilyContactRecorded;
import se.samverkan.cases.domain.CaseEvent.JointPoliceMeetingRecorded;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.Program;
import se.samverkan.platform.problem.ClientProblem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deadlines: the rapid intervention's first family contact, the statutory ones a phase starts and ends
 * ({@link DeadlinePolicy}), the LUL dates entered by hand, and the watch's approaching/missed marks. Days are the
 * configured zone's ({@link CaseCalendar}).
 */
public final class Deadlines {

    private Deadlines() {
    }

    static Optional<CaseEvent> firstFamilyContact(Program program, Integer days, CaseCommand command, CaseCalendar calendar) {
        if (program != Program.RAPID_INTERVENTION || days == null) {
            return Optional.empty();
        }
        return Optional.of(new DeadlineScheduled(command.caseId(), newDeadlineId(command, DeadlineKind.FIRST_FAMILY_CONTACT),
                DeadlineKind.FIRST_FAMILY_CONTACT, calendar.dayOf(command.at()).plusDays(days), null, command.at()));
    }

    /** Leaving a phase meets its pending deadline; entering one may start the next. */
    static List<CaseEvent> onPhaseChange(CaseFile file, Phase leaving, ChangePhase command, CaseCalendar calendar) {
        List<CaseEvent> events = new ArrayList<>();
        DeadlinePolicy.endedBy(leaving).ifPresent(kind -> pending(file, kind).forEach(d -> events.add(new DeadlineMet(
                file.caseId(), d.deadlineId(), kind, d.dueOn(), calendar.dayOf(command.at()), ActedBy.of(command.by()), command.at()))));
        // a report's assessment clock started when the report came in (Intake); the phase starts one only where none runs
        DeadlinePolicy.startedBy(file.program(), command.toPhase(), calendar.dayOf(command.at()))
                .filter(due -> pending(file, due.kind()).isEmpty()).ifPresent(due ->
                events.add(new DeadlineScheduled(file.caseId(), newDeadlineId(command, due.kind()), due.kind(), due.dueOn(), null, command.at())));
        return events;
    }

    /** The first and every later contact with the family; only the first meets the first-contact deadline. */
    public static List<CaseEvent> decide(CaseFile file, RecordFamilyContact command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        MilestoneDates.requireWithinCase(file, command.on(), calendar, command.at(), "family contact");
        List<CaseEvent> events = new ArrayList<>();
        events.add(new FamilyContactRecorded(file.caseId(), command.on(), ActedBy.of(command.by()), command.at()));
        pending(file, DeadlineKind.FIRST_FAMILY_CONTACT).forEach(d -> events.add(new DeadlineMet(file.caseId(), d.deadlineId(),
                d.kind(), d.dueOn(), command.on(), ActedBy.of(command.by()), command.at())));
        return events;
    }

    public static List<CaseEvent> decide(CaseFile file, RecordJointPoliceMeeting command) {
        CaseGuards.requireOpen(file);
        return List.of(new JointPoliceMeetingRecorded(file.caseId(), command.on(), ActedBy.of(command.by()), command.at()));
    }

    public static List<CaseEvent> decide(CaseFile file, RecordLulDeadline command) {
        CaseGuards.requireOpen(file);
        if (command.kind() != DeadlineKind.LUL_POLICE_INVESTIGATION && command.kind() != DeadlineKind.LUL_STATEMENT_TO_PROSECUTOR) {
            throw ClientProblem.badRequest("not-a-lul-deadline",
                    "Only LUL_POLICE_INVESTIGATION and LUL_STATEMENT_TO_PROSECUTOR dates are entered by hand");
        }
        if (file.deadline(command.deadlineId()).isPresent()) {
            throw ClientProblem.conflict("deadline-exists", "Deadline " + command.deadlineId() + " is already recorded");
        }
        return List.of(new DeadlineScheduled(file.caseId(), command.deadlineId(), command.kind(), command.dueOn(),
                ActedBy.of(command.by()), command.at()));
    }

    /** Idempotent: the watch may ask again before its read model has caught up. */
    public static List<CaseEvent> decide(CaseFile file, MarkDeadlineApproaching command) {
        return file.deadline(command.deadlineId())
                .filter(d -> d.state() == CaseFile.DeadlineState.OPEN && file.status() == CaseStatus.OPEN)
                .<List<CaseEvent>>map(d -> List.of(new DeadlineApproaching(file.caseId(), d.deadlineId(), d.kind(), d.dueOn(), null, command.at())))
                .orElse(List.of());
    }

    public static List<CaseEvent> decide(CaseFile file, MarkDeadlineMissed command, CaseCalendar calendar) {
        return file.deadline(command.deadlineId())
                .filter(d -> d.isPending() && file.status() == CaseStatus.OPEN && calendar.dayOf(command.at()).isAfter(d.dueOn()))
                .<List<CaseEvent>>map(d -> List.of(new DeadlineMissed(file.caseId(), d.deadlineId(), d.kind(), d.dueOn(), null, command.at())))
                .orElse(List.of());
    }

    private static List<CaseFile.Deadline> pending(CaseFile file, DeadlineKind kind) {
        return file.deadlines().stream().filter(d -> d.kind() == kind && d.isPending()).toList();
    }

    /** Derived, not random, so the same command always yields the same id (tests, replays of retried commands). */
    private static String newDeadlineId(CaseCommand command, DeadlineKind kind) {
        return UUID.nameUUIDFromBytes((command.caseId() + ":" + kind + ":" + command.at()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
