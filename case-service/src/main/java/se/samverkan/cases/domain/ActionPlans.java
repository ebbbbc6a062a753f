package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.FollowUpCommitment;
import se.samverkan.cases.domain.CaseCommand.MarkCommitmentDueSoon;
import se.samverkan.cases.domain.CaseCommand.MarkCommitmentOverdue;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting.NewCommitment;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting.NewParticipant;
import se.samverkan.cases.domain.CaseCommand.ReportCommitmentDone;
import se.samverkan.cases.domain.CaseEvent.CommitmentDueSoon;
import se.samverkan.cases.domain.CaseEvent.CommitmentFollowedUp;
import se.samverkan.cases.domain.CaseEvent.CommitmentMade;
import se.samverkan.cases.domain.CaseEvent.CommitmentOverdue;
import se.samverkan.cases.domain.CaseEvent.CommitmentReportedDone;
import se.samverkan.cases.domain.CaseEvent.CoordinationMeetingRecorded;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Joint action plans (UNGSAM-style coordination, issue 15): the team records a coordination meeting with its
 * participants by role and organisation, what was agreed and the commitments made (who, what, by when); the watch
 * reminds before a due date and gives notice when it passed, to the owner when {@link CommitmentVisibility} lets them
 * see the commitment and otherwise to the team; the owner may report their commitment done; the team follows each
 * commitment up (kept, partly, not kept).
 */
public final class ActionPlans {

    static final int MAX_PARTICIPANTS = 30;
    static final int MAX_COMMITMENTS = 50;

    private ActionPlans() {
    }

    public static List<CaseEvent> decide(CaseFile file, RecordCoordinationMeeting command, StaffDirectory staff,
                                         CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        if (file.meeting(command.meetingId()).isPresent()) {
            throw ClientProblem.conflict("meeting-exists", "Meeting " + command.meetingId() + " is already recorded");
        }
        LocalDate today = calendar.dayOf(command.at());
        LocalDate opened = calendar.dayOf(file.openedAt());
        if (command.heldOn() == null || command.heldOn().isAfter(today) || command.heldOn().isBefore(opened)) {
            throw ClientProblem.ruleViolation("meeting-date-invalid", "A meeting is recorded once it was held: heldOn must be "
                    + "between the day the case was opened (" + opened + ") and today (" + today + ")");
        }
        List<NewParticipant> participants = command.participants() == null ? List.of() : command.participants();
        if (participants.isEmpty() || participants.size() > MAX_PARTICIPANTS) {
            throw ClientProblem.badRequest("participants-required", "A coordination meeting names its participants (1 to "
                    + MAX_PARTICIPANTS + ") by role");
        }
        List<String> refused = new ArrayList<>();
        Set<String> accounts = new HashSet<>();
        for (int i = 0; i < participants.size(); i++) {
            NewParticipant p = participants.get(i);
            int index = i;
            ParticipantRules.problem(p.role(), p.agency(), p.organisation(), p.userId(), staff::find, p.municipality())
                    .ifPresent(problem -> refused.add("participants[" + index + "]: " + problem));
            if (p.userId() != null && !accounts.add(p.userId())) {
                refused.add("participants[" + index + "]: user " + p.userId() + " is named twice");
            }
        }
        if (!refused.isEmpty()) {
            throw ClientProblem.ruleViolation("participant-refused", String.join("; ", refused));
        }
        List<NewCommitment> commitments = command.commitments() == null ? List.of() : command.commitments();
        if (commitments.size() > MAX_COMMITMENTS) {
            throw ClientProblem.badRequest("too-many-commitments", "At most " + MAX_COMMITMENTS + " commitments per meeting");
        }
        if (!commitments.isEmpty() && !command.actionPlanAgreed()) {
            throw ClientProblem.ruleViolation("commitments-need-action-plan",
                    "Commitments are the parts of an agreed action plan: set actionPlanAgreed, or record no commitments");
        }
        List<MeetingParticipant> recorded = participants.stream().map(p -> new MeetingParticipant(p.participantId(),
                p.role().name(), p.agency(), p.municipality(), p.organisation(), p.userId())).toList();
        CoordinationMeeting meeting = new CoordinationMeeting(command.meetingId(), command.heldOn(), recorded,
                command.agreedText(), command.actionPlanAgreed(), command.by().userId(), command.at());
        List<CaseEvent> events = new ArrayList<>();
        events.add(new CoordinationMeetingRecorded(file.caseId(), command.meetingId(), command.heldOn(), recorded,
                CaseGuards.isBlank(command.agreedText()) ? null : command.agreedText(), command.actionPlanAgreed(),
                ActedBy.of(command.by()), command.at()));
        for (int i = 0; i < commitments.size(); i++) {
            NewCommitment c = commitments.get(i);
            if (c.participant() < 0 || c.participant() >= recorded.size()) {
                throw ClientProblem.ruleViolation("commitment-owner-unknown", "commitments[" + i + "].participant must be the "
                        + "index of one of the meeting's participants (0 to " + (recorded.size() - 1) + ")");
            }
            if (c.commitmentType() == null || c.dueOn() == null) {
                throw ClientProblem.badRequest("commitment-incomplete", "commitments[" + i + "] needs a commitmentType and a dueOn");
            }
            if (c.dueOn().isBefore(command.heldOn())) {
                throw ClientProblem.ruleViolation("commitment-due-before-meeting", "commitments[" + i + "] is due ("
                        + c.dueOn() + ") before the meeting was held (" + command.heldOn() + ")");
            }
            MeetingParticipant owner = recorded.get(c.participant());
            Commitment made = new Commitment(c.commitmentId(), meeting.meetingId(), owner.participantId(), owner.role(),
                    owner.agency(), owner.municipality(), owner.organisation(), owner.userId(), c.commitmentType().name(),
                    c.text(), c.dueOn(), command.by().userId(), command.at(), Commitment.Reminder.NONE, null, null, null,
                    null, null, null);
            events.add(new CommitmentMade(file.caseId(), c.commitmentId(), meeting.meetingId(), owner.participantId(),
                    owner.role(), owner.agency(), owner.municipality(), owner.organisation(), owner.userId(),
                    c.commitmentType().name(), CaseGuards.isBlank(c.text()) ? null : c.text(), c.dueOn(),
                    CommitmentVisibility.ownerMaySee(file, made, today), ActedBy.of(command.by()), command.at()));
        }
        return events;
    }

    public static List<CaseEvent> decide(CaseFile file, FollowUpCommitment command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        Commitment commitment = known(file, command.commitmentId());
        if (commitment.outcome() != null) {
            throw ClientProblem.conflict("commitment-already-followed-up", "Commitment " + command.commitmentId()
                    + " was already followed up on " + commitment.followedUpOn() + " (" + commitment.outcome() + ")");
        }
        if (command.outcome() == null) {
            throw ClientProblem.badRequest("outcome-required", "A follow-up says whether the commitment was kept: "
                    + "KEPT, PARTLY_KEPT or NOT_KEPT");
        }
        LocalDate today = calendar.dayOf(command.at());
        LocalDate on = command.on() == null ? today : command.on();
        LocalDate heldOn = file.meeting(commitment.meetingId()).map(CoordinationMeeting::heldOn).orElse(on);
        if (on.isAfter(today) || on.isBefore(heldOn)) {
            throw ClientProblem.ruleViolation("follow-up-date-invalid", "The follow-up's day must be between the meeting ("
                    + heldOn + ") and today (" + today + ")");
        }
        return List.of(new CommitmentFollowedUp(file.caseId(), commitment.commitmentId(), command.outcome().name(), on,
                commitment.dueOn(), ActedBy.of(command.by()), command.at()));
    }

    /**
     * Only the owner reports their commitment done, and only while they may see it (the policy said so already; the
     * rule is asked again here so no path can skip it).
     */
    public static List<CaseEvent> decide(CaseFile file, ReportCommitmentDone command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        Commitment commitment = known(file, command.commitmentId());
        LocalDate today = calendar.dayOf(command.at());
        boolean owner = commitment.ownerHasAccount() && commitment.ownerUserId().equals(command.by().userId());
        boolean teamOwner = owner && file.isOnTeam(command.by().userId());
        if (!owner || !teamOwner && !CommitmentVisibility.ownerMaySee(file, commitment, today)) {
            throw ClientProblem.notFound("Commitment " + command.commitmentId());
        }
        if (commitment.outcome() != null) {
            throw ClientProblem.conflict("commitment-already-followed-up", "The team already followed this commitment up");
        }
        if (commitment.reportedDoneOn() != null) {
            throw ClientProblem.conflict("commitment-already-reported", "You reported this commitment done on "
                    + commitment.reportedDoneOn());
        }
        return List.of(new CommitmentReportedDone(file.caseId(), commitment.commitmentId(), today,
                CaseGuards.isBlank(command.text()) ? null : command.text(), ActedBy.of(command.by()), command.at()));
    }

    /** Idempotent: the watch may ask again before its read model caught up; a closed case reminds nobody. */
    public static List<CaseEvent> decide(CaseFile file, MarkCommitmentDueSoon command, CaseCalendar calendar) {
        LocalDate today = calendar.dayOf(command.at());
        return file.commitment(command.commitmentId())
                .filter(c -> file.status() == CaseStatus.OPEN && c.awaitsOwner() && c.reminder() == Commitment.Reminder.NONE
                        && !today.isAfter(c.dueOn()))
                .<List<CaseEvent>>map(c -> List.of(new CommitmentDueSoon(file.caseId(), c.commitmentId(), c.dueOn(),
                        notified(file, c, today), c.ownerAgency(), c.ownerOrganisation(), null, command.at())))
                .orElse(List.of());
    }

    public static List<CaseEvent> decide(CaseFile file, MarkCommitmentOverdue command, CaseCalendar calendar) {
        LocalDate today = calendar.dayOf(command.at());
        return file.commitment(command.commitmentId())
                .filter(c -> file.status() == CaseStatus.OPEN && c.awaitsOwner() && c.reminder() != Commitment.Reminder.OVERDUE
                        && today.isAfter(c.dueOn()))
                .<List<CaseEvent>>map(c -> List.of(new CommitmentOverdue(file.caseId(), c.commitmentId(), c.dueOn(),
                        notified(file, c, today), c.ownerAgency(), c.ownerOrganisation(), null, command.at())))
                .orElse(List.of());
    }

    /** The owner when they may see the commitment today, otherwise nobody in person: the case team is told. */
    private static String notified(CaseFile file, Commitment commitment, LocalDate today) {
        return CommitmentVisibility.ownerMaySee(file, commitment, today) ? commitment.ownerUserId() : null;
    }

    private static Commitment known(CaseFile file, String commitmentId) {
        return file.commitment(commitmentId).orElseThrow(() -> ClientProblem.ruleViolation("unknown-commitment",
                "The case has no commitment " + commitmentId));
    }
}
