package se.samverkan.cases.publishing;

import se.samverkan.cases.domain.ActedBy;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.cases.domain.ReferralId;
import se.samverkan.cases.domain.ReportSource;
import se.samverkan.contracts.vocabulary.ReportStatus;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.cases.CaseIntegrationEvent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Domain events to the published contract. Only ids, codes and dates cross this line: no personnummer, names,
 * addresses, note, feedback or summary text.
 */
public final class IntegrationEventMapper {

    private IntegrationEventMapper() {
    }

    public static CaseRef caseRef(CaseOpened opened) {
        return new CaseRef(opened.caseId().value(), opened.program(), opened.municipality(), opened.unit(),
                opened.subjectId().value(), opened.subject().protectedIdentity());
    }

    /**
     * Whether the relay publishes anything for this event (whatever the case): what the publication manifests expect
     * the relay to have handled. Decided by {@link #map} itself, so the two cannot drift apart.
     */
    public static boolean publishes(CaseEvent event) {
        return map(event, new CaseRef(event.caseId().value(), null, null, null, null, null)).isPresent();
    }

    public static Optional<CaseIntegrationEvent> map(CaseEvent event, CaseRef ref) {
        ActorRef actor = actor(event.by());
        return Optional.ofNullable(switch (event) {
            case CaseOpened e -> new se.samverkan.contracts.cases.CaseOpened(ref, actor, e.at(), e.origin(),
                    e.phase().name(), e.team());
            case PoliceReportReceived e -> new se.samverkan.contracts.cases.PoliceReportReceived(ref, actor, e.at(),
                    uuid(e.reportId()), e.fromPoliceUnit());
            case CaseTeamAssigned e -> new se.samverkan.contracts.cases.CaseTeamChanged(ref, actor, e.at(), e.team());
            case NoteRecorded e -> new se.samverkan.contracts.cases.NoteRecorded(ref, actor, e.at(), uuid(e.noteId()),
                    e.correctsNoteId() == null ? null : uuid(e.correctsNoteId()));
            case MeasureRecorded e -> new se.samverkan.contracts.cases.MeasureRecorded(ref, actor, e.at(),
                    uuid(e.measureId()), e.measureType(), e.startDate(), e.endDate());
            case PhaseChanged e -> new se.samverkan.contracts.cases.CasePhaseChanged(ref, actor, e.at(),
                    e.fromPhase().name(), e.toPhase().name());
            case CaseClosed e -> new se.samverkan.contracts.cases.CaseClosed(ref, actor, e.at(), e.outcome());
            case CaseReopened e -> new se.samverkan.contracts.cases.CaseReopened(ref, actor, e.at(), e.phase().name());
            case CaseShared e -> new se.samverkan.contracts.cases.CaseShared(ref, actor, e.at(), e.partnerMunicipality());
            case CaseSharedWithPartner e -> new se.samverkan.contracts.cases.CaseShared(ref, actor, e.at(),
                    e.partnerMunicipality(), uuid(e.shareId()), e.partnerUnit(), e.role().name(),
                    e.dataCategories().stream().sorted().toList(), e.consentId() == null ? null : e.consentId().value(),
                    e.coordinators(), e.validUntil(), e.legalBasis(), e.approvedBy());
            case PartnerShareEnded e -> new se.samverkan.contracts.cases.CaseShareEnded(ref, actor, e.at(),
                    uuid(e.shareId()), e.partnerMunicipality(), e.partnerUnit(), e.reason().name(), e.endedOn(),
                    e.coordinators());
            // the partner section and the cost records stay in case-service; access to them is in the access events
            case PartnerNoteRecorded e -> null;
            case PartnerMeasureRecorded e -> null;
            case NoteMarkedShareable e -> null;
            // a request waiting for four eyes discloses nothing; only its approval (case-shared) does
            case PartnerShareAwaitingApproval e -> null;
            case PartnerShareRefused e -> null;
            case PartnerShareRequestExpired e -> null;
            case CostShareRecorded e -> null;
            case ConsentRecorded e -> new se.samverkan.contracts.cases.ConsentRecorded(ref, actor, e.at(),
                    e.consentId().value(), e.recipientAgency(), e.recipientUnit(), e.purposes(),
                    e.dataCategories().stream().sorted().toList(), e.validFrom(), e.validUntil());
            case ConsentWithdrawn e -> new se.samverkan.contracts.cases.ConsentWithdrawn(ref, actor, e.at(),
                    e.consentId().value(), e.withdrawnOn(), e.revokedReferrals().stream().map(ReferralId::value).toList());
            case ReferralAwaitingApproval e -> new se.samverkan.contracts.cases.ReferralAwaitingApproval(ref, actor,
                    e.at(), e.referralId().value(), e.policeUnit(), e.legalBasis(), e.dataCategories().stream().sorted().toList(),
                    e.purpose());
            case ReferralSent e -> new se.samverkan.contracts.cases.ReferralSent(ref, actor, e.at(),
                    e.referralId().value(), e.policeUnit(), e.legalBasis(),
                    e.consentId() == null ? null : e.consentId().value(), e.dataCategories().stream().sorted().toList(),
                    e.approvedBy(), e.legalBasisApplied() == null ? null : e.legalBasisApplied().catalogueVersion(),
                    e.purpose());
            case ReferralAcknowledged e -> new se.samverkan.contracts.cases.ReferralAcknowledged(ref, actor, e.at(),
                    e.referralId().value(), e.policeUnit());
            case ReferralAccepted e -> new se.samverkan.contracts.cases.ReferralAccepted(ref, actor, e.at(),
                    e.referralId().value(), e.policeUnit());
            case ReferralDeclined e -> new se.samverkan.contracts.cases.ReferralDeclined(ref, actor, e.at(),
                    e.referralId().value(), e.policeUnit(), e.reasonCode());
            case PoliceFeedbackPosted e -> new se.samverkan.contracts.cases.PoliceFeedbackPosted(ref, actor, e.at(),
                    e.referralId().value(), e.policeUnit(), uuid(e.feedbackId()));
            case ReferralCompleted e -> new se.samverkan.contracts.cases.ReferralCompleted(ref, actor, e.at(),
                    e.referralId().value(), e.policeUnit(), e.outcomeCode());
            case ReferralRevoked e -> new se.samverkan.contracts.cases.ReferralRevoked(ref, actor, e.at(),
                    e.referralId().value(), e.policeUnit(), e.reason());
            case DeadlineScheduled e -> new se.samverkan.contracts.cases.DeadlineScheduled(ref, actor, e.at(),
                    uuid(e.deadlineId()), e.kind(), e.dueOn());
            case DeadlineApproaching e -> new se.samverkan.contracts.cases.DeadlineApproaching(ref, actor, e.at(),
                    uuid(e.deadlineId()), e.kind(), e.dueOn());
            case DeadlineMissed e -> new se.samverkan.contracts.cases.DeadlineMissed(ref, actor, e.at(),
                    uuid(e.deadlineId()), e.kind(), e.dueOn());
            case DeadlineMet e -> new se.samverkan.contracts.cases.DeadlineMet(ref, actor, e.at(),
                    uuid(e.deadlineId()), e.kind(), e.dueOn(), e.metOn());
            // milestones for the unit report; no other service needs them
            case FamilyContactRecorded e -> null;
            // partial clearing is internal; the audit log learns of the case's clearing when its last type goes
            case DocumentsCleared e -> null;
            case CaseDataCleared e -> new se.samverkan.contracts.cases.CaseDataCleared(ref, actor, e.at(), e.clearedOn());
            // internal to case-service: the hold only stops clearing
            case LegalHoldPlaced e -> null;
            case LegalHoldLifted e -> null;
            // the level travels in every later event's caseRef too, but a raise must be honoured now, not at the next
            // event, and the audit log keeps the change; ref is the relay's record, already at e.to() (IntegrationEventRelay)
            case ProtectedIdentityChanged e -> new se.samverkan.contracts.cases.ProtectionChanged(ref, actor, e.at(), e.from());
            // the unit's supervisors are asked to decide (four eyes); what it would release stays here
            case ProtectionLoweringProposed e -> new se.samverkan.contracts.cases.ProtectionLoweringRequested(ref, actor, e.at(),
                    e.to(), se.samverkan.cases.domain.Protection.openUntil(e));
            case ProtectionLoweringWithdrawn e -> null;
            case JointPoliceMeetingRecorded e -> null;
            case ReportReceived e -> new se.samverkan.contracts.cases.ReportReceived(ref, actor, e.at(), uuid(e.reportId()),
                    Agency.valueOf(e.reporter().agency()), e.reporter().role(), e.reporter().municipality(), e.reporter().unit(),
                    e.concernTypes(), e.attached(), e.forwardedFromMunicipality(), e.forwardedFromUnit(),
                    e.safetyAssessmentDueOn(), e.assessmentDueOn());
            // the skyddsbedömning's result stays in the case: the reporter learns only that it was made
            case SafetyAssessed e -> status(ref, actor, e.at(), e.reportId(), e.reporter(), ReportStatus.SAFETY_ASSESSED.name(),
                    e.assessedOn(), null, null, null);
            case ReportAssessed e -> status(ref, actor, e.at(), e.reportId(), e.reporter(), e.outcome(), e.decidedOn(),
                    null, null, null);
            case ReportForwarded e -> status(ref, actor, e.at(), e.reportId(), e.reporter(), ReportStatus.FORWARDED.name(),
                    e.forwardedOn(), e.toMunicipality(), e.toUnit(), e.reasonCode());
            // joint action plans (issue 15): codes, dates, units and user ids; what was agreed and any text stay here
            case CoordinationMeetingRecorded e -> new se.samverkan.contracts.cases.CoordinationMeetingRecorded(ref, actor,
                    e.at(), uuid(e.meetingId()), e.heldOn(), e.actionPlanAgreed(), e.participants().stream()
                    .map(p -> new se.samverkan.contracts.cases.CoordinationMeetingRecorded.Participant(uuid(p.participantId()),
                            p.role(), p.agency(), p.organisation(), p.userId())).toList());
            case CommitmentMade e -> new se.samverkan.contracts.cases.CommitmentMade(ref, actor, e.at(),
                    uuid(e.commitmentId()), uuid(e.meetingId()), uuid(e.participantId()), e.participantRole(),
                    e.ownerAgency(), e.ownerOrganisation(), e.ownerUserId(), e.commitmentType(), e.dueOn(),
                    e.ownerNotified() && e.ownerUserId() != null);
            case CommitmentDueSoon e -> new se.samverkan.contracts.cases.CommitmentDueSoon(ref, actor, e.at(),
                    uuid(e.commitmentId()), e.dueOn(), audience(e.notifiedOwner()), e.notifiedOwner(), e.ownerAgency(), e.ownerOrganisation());
            case CommitmentOverdue e -> new se.samverkan.contracts.cases.CommitmentOverdue(ref, actor, e.at(),
                    uuid(e.commitmentId()), e.dueOn(), audience(e.notifiedOwner()), e.notifiedOwner(), e.ownerAgency(), e.ownerOrganisation());
            case CommitmentReportedDone e -> new se.samverkan.contracts.cases.CommitmentReportedDone(ref, actor, e.at(),
                    uuid(e.commitmentId()), e.reportedOn());
            case CommitmentFollowedUp e -> new se.samverkan.contracts.cases.CommitmentFollowedUp(ref, actor, e.at(),
                    uuid(e.commitmentId()), e.outcome(), e.followedUpOn(), e.dueOn());
            // counted in the monthly effect figures (aggregates); no other service needs one youth's school status
            case FollowUpStatusRecorded e -> null;
        });
    }

    private static se.samverkan.contracts.cases.ReportStatusChanged status(CaseRef ref, ActorRef actor, java.time.Instant at,
                                                                         String reportId, ReportSource reporter, String status,
                                                                         java.time.LocalDate on, String toMunicipality,
                                                                         String toUnit, String reason) {
        return new se.samverkan.contracts.cases.ReportStatusChanged(ref, actor, at, uuid(reportId),
                Agency.valueOf(reporter.agency()), reporter.municipality(), reporter.unit(), status, on, toMunicipality,
                toUnit, reason);
    }

    private static ActorRef actor(ActedBy by) {
        return by == null ? null : new ActorRef(by.userId(), by.roles(), Agency.valueOf(by.agency()), by.municipality(), by.unit());
    }

    private static se.samverkan.contracts.ReminderAudience audience(String notifiedOwner) {
        return notifiedOwner == null ? se.samverkan.contracts.ReminderAudience.CASE_TEAM : se.samverkan.contracts.ReminderAudience.OWNER;
    }

    private static UUID uuid(String id) {
        return UUID.fromString(id);
    }

}
