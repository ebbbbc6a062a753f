package se.samverkan.cases.effects;

import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.cases.effects.EffectSignal.CaseCleared;
import se.samverkan.cases.effects.EffectSignal.CaseStarted;
import se.samverkan.cases.effects.EffectSignal.Fact;
import se.samverkan.cases.effects.EffectSignal.ReportForwardedAway;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The one place that says what a case event means for the effect figures: an exhaustive switch over the sealed
 * {@link CaseEvent}, so a new event does not compile until someone decides whether the steering group counts it.
 * Spring-free; the fact store applies what it returns. Days are the configured zone's.
 * <p>
 * A report received through the intake (with its concern types and reporting agency) is {@code REPORT_RECEIVED} on the
 * case it reached, a coordination meeting {@code JOINT_MEETING} (and {@code ACTION_PLAN_AGREED} when a plan was agreed),
 * a commitment {@code COMMITMENT_MADE} with its id as {@code ref}, its follow-up {@code COMMITMENT_KEPT},
 * {@code _PARTLY_KEPT} or {@code _NOT_KEPT} with the same {@code ref}. A report forwarded away as misdirected is taken
 * back from the case it left ({@link ReportForwardedAway}), so a forwarded report is counted once, where it is handled.
 */
public final class EffectFactMapper {

    /** The reporting agency of a police report. */
    public static final String POLICE = "POLICE";

    private final ZoneId zone;

    public EffectFactMapper(ZoneId zone) {
        this.zone = zone;
    }

    public List<EffectSignal> map(CaseEvent event) {
        return switch (event) {
            // the case's start; a police report's own fact follows in the same commit (PoliceReportReceived)
            case CaseOpened e -> List.of(new CaseStarted(e.caseId(), e.subjectId(), e.municipality(), e.program(), day(e.at())));
            case PoliceReportReceived e -> List.of(new Fact(e.caseId(), FactKind.REPORT_RECEIVED, day(e.at()), POLICE, Set.of(),
                    e.reportId()));
            // the intake (issue 15): every report or concern that reached the case, attached or opening it, by whom
            case ReportReceived e -> List.of(new Fact(e.caseId(), FactKind.REPORT_RECEIVED, day(e.at()), e.reporter().agency(),
                    Set.copyOf(e.concernTypes()), e.reportId()));
            case SafetyAssessed e -> List.of();
            case ReportAssessed e -> List.of();
            // a misdirected report counts where it is handled (its next leg arrives there as ReportReceived), once
            case ReportForwarded e -> List.of(new ReportForwardedAway(e.caseId(), e.reportId()));
            // joint action plans (issue 15): the meeting, the plan it agreed, each commitment and its follow-up
            case CoordinationMeetingRecorded e -> e.actionPlanAgreed()
                    ? List.of(Fact.of(e.caseId(), FactKind.JOINT_MEETING, e.heldOn()), Fact.of(e.caseId(), FactKind.ACTION_PLAN_AGREED, e.heldOn()))
                    : List.of(Fact.of(e.caseId(), FactKind.JOINT_MEETING, e.heldOn()));
            case CommitmentMade e -> List.of(new Fact(e.caseId(), FactKind.COMMITMENT_MADE, day(e.at()), null, Set.of(), e.commitmentId()));
            case CommitmentFollowedUp e -> List.of(new Fact(e.caseId(), switch (e.outcome()) {
                case "KEPT" -> FactKind.COMMITMENT_KEPT;
                case "PARTLY_KEPT" -> FactKind.COMMITMENT_PARTLY_KEPT;
                default -> FactKind.COMMITMENT_NOT_KEPT;
            }, e.followedUpOn(), null, Set.of(), e.commitmentId()));
            case CommitmentDueSoon e -> List.of();
            case CommitmentOverdue e -> List.of();
            case CommitmentReportedDone e -> List.of();
            case FamilyContactRecorded e -> List.of(Fact.of(e.caseId(), FactKind.FAMILY_CONTACT, e.on()));
            case JointPoliceMeetingRecorded e -> List.of(Fact.of(e.caseId(), FactKind.JOINT_MEETING, e.on()));
            case FollowUpStatusRecorded e -> List.of(new Fact(e.caseId(), FactKind.FOLLOW_UP_STATUS, e.on(), e.schoolWorkStatus(), Set.of(), null));
            // retention: what the figures need of the case is folded into aggregates, the per-person facts go
            case DocumentsCleared e -> List.of(new CaseCleared(e.caseId()));
            case CaseDataCleared e -> List.of(new CaseCleared(e.caseId()));
            // not a figure, so not kept: measure types, outcomes, notes, consents, referrals, deadlines, shares, holds
            // an action plan is agreed at a coordination meeting, not by a phase: the phase is the team's own bookkeeping
            case PhaseChanged e -> List.of();
            case CaseTeamAssigned e -> List.of();
            case NoteRecorded e -> List.of();
            case MeasureRecorded e -> List.of();
            case CaseClosed e -> List.of();
            case CaseReopened e -> List.of();
            case CaseShared e -> List.of();
            case CaseSharedWithPartner e -> List.of();
            case PartnerShareEnded e -> List.of();
            case PartnerShareAwaitingApproval e -> List.of();
            case PartnerShareRefused e -> List.of();
            case PartnerShareRequestExpired e -> List.of();
            case PartnerNoteRecorded e -> List.of();
            case PartnerMeasureRecorded e -> List.of();
            case NoteMarkedShareable e -> List.of();
            case CostShareRecorded e -> List.of();
            case ConsentRecorded e -> List.of();
            case ConsentWithdrawn e -> List.of();
            case ReferralAwaitingApproval e -> List.of();
            case ReferralSent e -> List.of();
            case ReferralAcknowledged e -> List.of();
            case ReferralAccepted e -> List.of();
            case ReferralDeclined e -> List.of();
            case PoliceFeedbackPosted e -> List.of();
            case ReferralCompleted e -> List.of();
            case ReferralRevoked e -> List.of();
            case DeadlineScheduled e -> List.of();
            case DeadlineApproaching e -> List.of();
            case DeadlineMissed e -> List.of();
            case DeadlineMet e -> List.of();
            case LegalHoldPlaced e -> List.of();
            case LegalHoldLifted e -> List.of();
            case ProtectedIdentityChanged e -> List.of();
            case ProtectionLoweringProposed e -> List.of();
            case ProtectionLoweringWithdrawn e -> List.of();
        };
    }

    private LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }
}
