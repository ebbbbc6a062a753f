package se.samverkan.contracts.cases;

import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.EventFamily;
import se.samverkan.contracts.IntegrationEvent;

import java.time.Instant;

/** Everything case-service publishes on samverkan.case.events; a switch over it is exhaustive. */
public sealed interface CaseIntegrationEvent extends IntegrationEvent permits
        CaseOpened,
        CaseTeamChanged,
        CasePhaseChanged,
        CaseClosed,
        CaseReopened,
        CaseShared,
        CaseShareEnded,
        NoteRecorded,
        MeasureRecorded,
        ConsentRecorded,
        ConsentWithdrawn,
        ReferralAwaitingApproval,
        ProtectionLoweringRequested,
        ProtectionChanged,
        ReferralSent,
        ReferralAcknowledged,
        ReferralAccepted,
        ReferralDeclined,
        PoliceFeedbackPosted,
        ReferralCompleted,
        ReferralRevoked,
        PoliceReportReceived,
        DeadlineScheduled,
        DeadlineApproaching,
        DeadlineMissed,
        DeadlineMet,
        CaseDataCleared,
        ReportReceived,
        ReportStatusChanged,
        CoordinationMeetingRecorded,
        CommitmentMade,
        CommitmentDueSoon,
        CommitmentOverdue,
        CommitmentReportedDone,
        CommitmentFollowedUp {

    CaseRef caseRef();

    @Override
    default EventFamily family() {
        return new EventFamily.Case(this);
    }

    /** Null when the system acted (deadlines, retention). */
    ActorRef actor();

    Instant occurredAt();

    @Override
    default String subject() {
        return caseRef().caseId().toString();
    }
}
