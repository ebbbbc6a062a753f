package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One commitment of a joint action plan: who (a participant of the meeting, with the owner's organisation and account
 * copied so the rules need not look the meeting up), what (a {@code CommitmentType} code and an optional text, sealed
 * as journal), by when; the reminders sent; the owner's report that it is done; the team's follow-up.
 */
public record Commitment(String commitmentId, String meetingId, String participantId, String participantRole,
                         Agency ownerAgency, String ownerMunicipality, String ownerOrganisation, String ownerUserId,
                         String commitmentType, String text, LocalDate dueOn, String madeBy, Instant madeAt,
                         Reminder reminder, LocalDate reportedDoneOn, String reportedBy, String reportText,
                         String outcome, LocalDate followedUpOn, String followedUpBy) {

    /** How far the reminders have gone: none yet, due soon was sent, overdue was sent. */
    public enum Reminder { NONE, DUE_SOON, OVERDUE }

    /** Where a commitment stands, for the people who read it. */
    public enum Status { OPEN, DUE_SOON, OVERDUE, REPORTED_DONE, FOLLOWED_UP }

    public Status status() {
        if (outcome != null) {
            return Status.FOLLOWED_UP;
        }
        if (reportedDoneOn != null) {
            return Status.REPORTED_DONE;
        }
        return switch (reminder) {
            case NONE -> Status.OPEN;
            case DUE_SOON -> Status.DUE_SOON;
            case OVERDUE -> Status.OVERDUE;
        };
    }

    /** Still waiting for its owner: neither reported done nor followed up, so reminders make sense. */
    public boolean awaitsOwner() {
        return outcome == null && reportedDoneOn == null;
    }

    /** A staff owner with an account: the only kind who can be told or read it themselves. */
    public boolean ownerHasAccount() {
        return ownerUserId != null;
    }

    Commitment reminded(Reminder stage) {
        return new Commitment(commitmentId, meetingId, participantId, participantRole, ownerAgency, ownerMunicipality,
                ownerOrganisation, ownerUserId, commitmentType, text, dueOn, madeBy, madeAt, stage, reportedDoneOn,
                reportedBy, reportText, outcome, followedUpOn, followedUpBy);
    }

    Commitment reportedDone(LocalDate on, String by, String withText) {
        return new Commitment(commitmentId, meetingId, participantId, participantRole, ownerAgency, ownerMunicipality,
                ownerOrganisation, ownerUserId, commitmentType, text, dueOn, madeBy, madeAt, reminder, on, by, withText,
                outcome, followedUpOn, followedUpBy);
    }

    Commitment followedUp(String withOutcome, LocalDate on, String by) {
        return new Commitment(commitmentId, meetingId, participantId, participantRole, ownerAgency, ownerMunicipality,
                ownerOrganisation, ownerUserId, commitmentType, text, dueOn, madeBy, madeAt, reminder, reportedDoneOn,
                reportedBy, reportText, withOutcome, on, by);
    }

    /** The same commitment with its free text gone (a cleared journal): who, what code, when stay. */
    public Commitment withoutText() {
        return new Commitment(commitmentId, meetingId, participantId, participantRole, ownerAgency, ownerMunicipality,
                ownerOrganisation, ownerUserId, commitmentType, null, dueOn, madeBy, madeAt, reminder, reportedDoneOn,
                reportedBy, null, outcome, followedUpOn, followedUpBy);
    }

    @Override
    public String toString() {
        return "Commitment[" + commitmentId + ", " + commitmentType + ", due " + dueOn + "]";
    }
}
