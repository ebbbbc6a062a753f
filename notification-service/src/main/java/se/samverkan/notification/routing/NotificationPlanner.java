package se.samverkan.notification.routing;

import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.ReminderAudience;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.EventFamily;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.contracts.access.AccessIntegrationEvent;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.audit.AuditIntegrationEvent;
import se.samverkan.contracts.audit.CheckpointIssued;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.contracts.cases.CaseClosed;
import se.samverkan.contracts.cases.CaseDataCleared;
import se.samverkan.contracts.cases.CaseIntegrationEvent;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CasePhaseChanged;
import se.samverkan.contracts.cases.CaseReopened;
import se.samverkan.contracts.cases.CaseShareEnded;
import se.samverkan.contracts.cases.CaseShared;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.contracts.cases.CommitmentDueSoon;
import se.samverkan.contracts.cases.CommitmentFollowedUp;
import se.samverkan.contracts.cases.CommitmentMade;
import se.samverkan.contracts.cases.CommitmentOverdue;
import se.samverkan.contracts.cases.CommitmentReportedDone;
import se.samverkan.contracts.cases.CoordinationMeetingRecorded;
import se.samverkan.contracts.cases.ConsentRecorded;
import se.samverkan.contracts.cases.ConsentWithdrawn;
import se.samverkan.contracts.cases.DeadlineApproaching;
import se.samverkan.contracts.cases.DeadlineMet;
import se.samverkan.contracts.cases.DeadlineMissed;
import se.samverkan.contracts.cases.DeadlineScheduled;
import se.samverkan.contracts.cases.MeasureRecorded;
import se.samverkan.contracts.cases.NoteRecorded;
import se.samverkan.contracts.cases.PoliceFeedbackPosted;
import se.samverkan.contracts.cases.PoliceReportReceived;
import se.samverkan.contracts.cases.ReferralAccepted;
import se.samverkan.contracts.cases.ReferralAcknowledged;
import se.samverkan.contracts.cases.ReferralAwaitingApproval;
import se.samverkan.contracts.cases.ProtectionChanged;
import se.samverkan.contracts.cases.ProtectionLoweringRequested;
import se.samverkan.contracts.cases.ReferralCompleted;
import se.samverkan.contracts.cases.ReferralDeclined;
import se.samverkan.contracts.cases.ReferralRevoked;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.contracts.cases.ReportReceived;
import se.samverkan.contracts.cases.ReportStatusChanged;
import se.samverkan.contracts.effects.EffectFiguresPublished;
import se.samverkan.platform.identity.Role;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides who hears about an integration event and what they are told. Messages say what happened and where to
 * look, built only from identifiers and codes: integration events carry no personal data of the subject, and
 * nothing here adds any. For a case with protected identity not even the unit or municipality is named.
 * <p>
 * Routing reads the state as it was before the event (a team change notifies the members it adds).
 */
public final class NotificationPlanner {

    public List<PlannedNotification> plan(IntegrationEvent event, RoutingLookup lookup) {
        // no default anywhere below: a new event type or family does not compile until it is decided who is told
        return switch (event.family()) {
            case EventFamily.Case(CaseIntegrationEvent caseEvent) -> planCaseEvent(caseEvent, lookup);
            case EventFamily.Access(AccessIntegrationEvent accessEvent) -> switch (accessEvent) {
                case AccessRecorded access -> access.breakGlass() ? breakGlass(access, lookup) : List.of();
            };
            case EventFamily.Audit(AuditIntegrationEvent auditEvent) -> switch (auditEvent) {
                case ReviewItemRaised item -> reviewItem(item, lookup);
                case CheckpointIssued ignored -> List.of();
                // a witness's cosignature of another log's checkpoint: hashes for verifiers, news to nobody
                case se.samverkan.contracts.audit.CheckpointCosigned ignored -> List.of();
            };
            // a directory change is the administrator's own doing, recorded by the audit log; news to nobody
            case EventFamily.Directory ignored -> List.of();
            // case-service's account of what it published, for the audit log's reconciliation; news to nobody
            case EventFamily.Manifest ignored -> List.of();
            // the monthly effect figures (issue 15): the municipality's analysts hear they are out; no figure in the message
            case EventFamily.Effects(EffectFiguresPublished figures) -> toEach(
                    lookup.usersInMunicipality(figures.municipality(), Role.ANALYST), NotificationKind.EFFECT_FIGURES_PUBLISHED,
                    (UUID) null, null, "The effect figures of municipality " + figures.municipality() + " for " + figures.month()
                            + " are published.", "/api/effects/municipalities/" + figures.municipality() + "/figures");
        };
    }

    private List<PlannedNotification> planCaseEvent(CaseIntegrationEvent event, RoutingLookup lookup) {
        CaseRef ref = event.caseRef();
        return switch (event) {
            case CaseOpened opened -> opened.origin() == CaseOrigin.POLICE_REPORT && opened.team().isEmpty() ? List.of()
                    : toEach(stillStaff(ref, opened.team(), lookup), NotificationKind.CASE_OPENED, ref, null,
                    "Case " + describe(ref) + " was opened and you are on its team.", caseLink(ref));
            case CaseTeamChanged changed -> {
                Set<String> added = new LinkedHashSet<>(changed.team());
                added.removeAll(publishedTeam(ref, lookup));
                yield toEach(stillStaff(ref, added, lookup), NotificationKind.CASE_ASSIGNED, ref, null,
                        "You were added to the team of case " + describe(ref) + ".", caseLink(ref));
            }
            case ReferralSent sent -> toPolice(lookup.policeLiaisons(sent.policeUnit()), NotificationKind.REFERRAL_RECEIVED,
                    sent.referralId(), referralSentMessage(sent), referralLink(sent.referralId()));
            case ReferralAwaitingApproval waiting -> toEach(supervisors(ref, lookup), NotificationKind.REFERRAL_AWAITING_APPROVAL,
                    ref, waiting.referralId(), "Referral " + waiting.referralId() + " in case " + describe(ref)
                            + " rests on a secrecy-breaking provision and waits for a supervisor's approval.",
                    caseReferralLink(ref, waiting.referralId()));
            // four eyes: any supervisor of the unit but the one who asked may put it in force
            case ProtectionLoweringRequested requested -> toEach(supervisors(ref, lookup).stream()
                            .filter(id -> requested.actor() == null || !id.equals(requested.actor().userId())).toList(),
                    NotificationKind.PROTECTION_LOWERING_REQUESTED, ref, null, "Lowering the protection of the subject of case "
                            + describe(ref) + " from " + ref.protectedIdentity() + " to " + requested.requestedLevel()
                            + " was asked for and waits for a supervisor other than the one who asked, until "
                            + requested.openUntil() + ". Check the level with Skatteverket before you set it.", caseLink(ref));
            case ReferralAcknowledged ack -> toEach(team(ref, lookup), NotificationKind.REFERRAL_ACKNOWLEDGED, ref,
                    ack.referralId(), "The police acknowledged referral " + ack.referralId() + " of case " + describe(ref) + ".",
                    caseReferralLink(ref, ack.referralId()));
            case ReferralAccepted accepted -> toEach(team(ref, lookup), NotificationKind.REFERRAL_ACCEPTED, ref,
                    accepted.referralId(), "The police accepted referral " + accepted.referralId() + " of case " + describe(ref) + ".",
                    caseReferralLink(ref, accepted.referralId()));
            case ReferralDeclined declined -> toEach(team(ref, lookup), NotificationKind.REFERRAL_DECLINED, ref,
                    declined.referralId(), "The police declined referral " + declined.referralId() + " of case " + describe(ref)
                            + ". Open the referral to see the reason.", caseReferralLink(ref, declined.referralId()));
            case PoliceFeedbackPosted feedback -> toEach(team(ref, lookup), NotificationKind.POLICE_FEEDBACK, ref,
                    feedback.referralId(), "The police posted feedback on referral " + feedback.referralId() + " of case "
                            + describe(ref) + ".", caseReferralLink(ref, feedback.referralId()));
            case ReferralRevoked revoked -> revoked.reason() == RevocationReason.CONSENT_WITHDRAWN
                    // the consent-withdrawn notice already told the unit, naming this referral
                    ? List.of()
                    : toPolice(lookup.policeLiaisons(revoked.policeUnit()), NotificationKind.REFERRAL_REVOKED,
                    revoked.referralId(), referralRevokedMessage(revoked), null);
            case ConsentWithdrawn withdrawn -> consentWithdrawn(withdrawn, lookup);
            case DeadlineApproaching approaching -> toEach(teamAndSupervisors(ref, lookup), NotificationKind.DEADLINE_APPROACHING,
                    ref, null, deadlineApproachingMessage(approaching), caseLink(ref));
            case DeadlineMissed missed -> toEach(teamAndSupervisors(ref, lookup), NotificationKind.DEADLINE_MISSED, ref, null,
                    deadlineMissedMessage(missed), caseLink(ref));
            case PoliceReportReceived report -> {
                Set<String> unit = new LinkedHashSet<>(lookup.usersInUnit(ref.municipality(), ref.unit(), Role.SOCIAL_WORKER));
                unit.addAll(supervisors(ref, lookup));
                yield toEach(unit, NotificationKind.POLICE_REPORT_RECEIVED, ref, null, policeReportMessage(ref), caseLink(ref));
            }
            case CasePhaseChanged ignored -> List.of();
            case CaseClosed ignored -> List.of();
            case CaseReopened ignored -> List.of();
            // only the coordinators the share names (issue 14), and only if they are the partner's exit coordinators;
            // a share from before names nobody and grants nobody anything, so nobody is told
            case CaseShared shared -> toEach(assignedCoordinators(shared.coordinators(), shared.partnerMunicipality(), lookup),
                    NotificationKind.CASE_SHARED, ref, null, "Case " + ref.caseId()
                            + " was shared with you by a partner municipality.", caseLink(ref));
            case CaseShareEnded ended -> toEach(assignedCoordinators(ended.coordinators(), ended.partnerMunicipality(), lookup),
                    NotificationKind.CASE_SHARE_ENDED, ref, null, "Case " + ref.caseId()
                            + " is no longer shared with you; its data may no longer be used.", null);
            case NoteRecorded ignored -> List.of();
            case MeasureRecorded ignored -> List.of();
            case ConsentRecorded ignored -> List.of();
            case ReferralCompleted ignored -> List.of();
            case DeadlineScheduled ignored -> List.of();
            case DeadlineMet ignored -> List.of();
            case CaseDataCleared ignored -> List.of();
            // a raise hides what this service holds of the case at once (CaseRoutes, ProtectedCases) and nobody must act;
            // a lowering was asked for by one and put in force by a supervisor of the unit, who both know (nothing to tell)
            case ProtectionChanged ignored -> List.of();
            case ReportReceived report -> reportReceived(report, lookup);
            // the case's team decided telling the reporter is not appropriate here (SoL 14 kap. 1 b §): no notice
            case ReportStatusChanged changed when Boolean.TRUE.equals(changed.feedbackWithheld()) -> List.of();
            case ReportStatusChanged changed -> reporterUnit(changed, lookup).stream()
                    .map(recipient -> new PlannedNotification(recipient, NotificationKind.REPORT_STATUS_CHANGED, null, null,
                            reportStatusMessage(changed), "/api/intake/reports/sent/" + changed.reportId()))
                    .toList();
            // joint action plans (issue 15): the team recorded the meeting and the follow-up; news to nobody
            case CoordinationMeetingRecorded ignored -> List.of();
            case CommitmentFollowedUp ignored -> List.of();
            case CommitmentMade made -> made.notifyOwner() && isActiveOwner(made.ownerUserId(), made.ownerAgency(),
                    made.ownerOrganisation(), lookup)
                    ? toOwner(made.ownerUserId(), NotificationKind.COMMITMENT_ASSIGNED, made.commitmentId(),
                    "You took on commitment " + made.commitmentId() + " at a joint coordination meeting, due on "
                            + made.dueOn() + ". Open it to see what it says.")
                    : List.of();
            case CommitmentDueSoon due -> commitmentReminder(ref, due.commitmentId(), due.audience(), due.ownerUserId(),
                    due.ownerAgency(), due.ownerOrganisation(), NotificationKind.COMMITMENT_DUE_SOON,
                    "is due on " + due.dueOn() + " and not yet reported done", lookup);
            case CommitmentOverdue overdue -> commitmentReminder(ref, overdue.commitmentId(), overdue.audience(),
                    overdue.ownerUserId(), overdue.ownerAgency(), overdue.ownerOrganisation(), NotificationKind.COMMITMENT_OVERDUE,
                    "was due on " + overdue.dueOn() + " and has not been reported done", lookup);
            case CommitmentReportedDone done -> toEach(team(ref, lookup), NotificationKind.COMMITMENT_REPORTED_DONE, ref,
                    null, "Commitment " + done.commitmentId() + " of case " + describe(ref)
                            + " was reported done by its owner; confirm it in the follow-up.", caseLink(ref));
        };
    }

    /**
     * A report that opened an intake is the receiving unit's (no team yet): its social workers and supervisors. One
     * that joined a case is its team's and the supervisors', or the unit's while the case has no team. Either way the
     * same-day safety assessment is named, since that is what must happen now.
     */
    private List<PlannedNotification> reportReceived(ReportReceived report, RoutingLookup lookup) {
        CaseRef ref = report.caseRef();
        List<String> team = team(ref, lookup);
        if (report.attached() && !team.isEmpty()) {
            return toEach(teamAndSupervisors(ref, lookup), NotificationKind.REPORT_ATTACHED, ref, null,
                    reportAttachedMessage(report), caseLink(ref));
        }
        // as a police report always did, even for a protected identity: the intake has nobody else to make its
        // same-day safety assessment, and the message names no place for such a case
        Set<String> unit = new LinkedHashSet<>(lookup.usersInUnit(ref.municipality(), ref.unit(), Role.SOCIAL_WORKER));
        unit.addAll(supervisors(ref, lookup));
        return toEach(unit, report.attached() ? NotificationKind.REPORT_ATTACHED : NotificationKind.REPORT_RECEIVED, ref, null,
                report.attached() ? reportAttachedMessage(report) : reportReceivedMessage(report), caseLink(ref));
    }

    /**
     * Whoever sent a report: the police unit's liaisons, or the municipality's reporter unit's concern reporters. Never
     * anyone else, and never with the case: the item names the report, as the police's name the referral.
     */
    private static List<String> reporterUnit(ReportStatusChanged changed, RoutingLookup lookup) {
        if (changed.reporterAgency() == se.samverkan.contracts.Agency.POLICE) {
            return lookup.policeLiaisons(changed.reporterUnit());
        }
        return changed.reporterMunicipality() == null ? List.of()
                : lookup.usersInUnit(changed.reporterMunicipality(), changed.reporterUnit(), Role.CONCERN_REPORTER);
    }

    /**
     * A commitment's reminder goes to its owner when case-service says a consent lets them see it and they are still
     * active staff of the organisation named, otherwise to the case team. The owner's item names the commitment, never
     * the case: the case id would tell another organisation more than the consent does.
     */
    private static List<PlannedNotification> commitmentReminder(CaseRef ref, UUID commitmentId, ReminderAudience audience,
                                                                String ownerUserId, Agency ownerAgency, String organisation,
                                                                NotificationKind kind, String what, RoutingLookup lookup) {
        if (audience == ReminderAudience.OWNER && isActiveOwner(ownerUserId, ownerAgency, organisation, lookup)) {
            return toOwner(ownerUserId, kind, commitmentId, "Your commitment " + commitmentId + " " + what + ".");
        }
        return toEach(team(ref, lookup), kind, ref, null, "Commitment " + commitmentId + " of case " + describe(ref) + " "
                + what + ".", caseLink(ref));
    }

    private static boolean isActiveOwner(String userId, Agency agency, String organisation, RoutingLookup lookup) {
        return userId != null && agency != null && organisation != null && lookup.isActiveIn(userId, agency, organisation);
    }

    private static List<PlannedNotification> toOwner(String userId, NotificationKind kind, UUID commitmentId, String message) {
        return List.of(new PlannedNotification(userId, kind, null, null, message, "/api/commitments/" + commitmentId));
    }

    private List<PlannedNotification> consentWithdrawn(ConsentWithdrawn withdrawn, RoutingLookup lookup) {
        CaseRef ref = withdrawn.caseRef();
        List<UUID> revoked = withdrawn.revokedReferralIds() == null ? List.of() : withdrawn.revokedReferralIds();
        List<PlannedNotification> planned = new ArrayList<>(toEach(team(ref, lookup), NotificationKind.CONSENT_WITHDRAWN, ref, null,
                "A consent in case " + describe(ref) + " was withdrawn" + (revoked.isEmpty() ? "."
                        : "; " + revoked.size() + " referral(s) resting on it were revoked at once."), caseLink(ref)));
        referralsByUnit(withdrawn, lookup).forEach((unit, referrals) -> planned.addAll(toPolice(lookup.policeLiaisons(unit),
                NotificationKind.CONSENT_WITHDRAWN, referrals.size() == 1 ? referrals.getFirst() : null,
                consentWithdrawnPoliceMessage(referrals), referrals.size() == 1 ? referralLink(referrals.getFirst()) : null)));
        return planned;
    }

    private static Map<String, List<UUID>> referralsByUnit(ConsentWithdrawn withdrawn, RoutingLookup lookup) {
        List<UUID> revoked = withdrawn.revokedReferralIds() == null ? List.of() : withdrawn.revokedReferralIds();
        Map<String, List<UUID>> referralsByUnit = new LinkedHashMap<>();
        for (UUID referralId : revoked) {
            lookup.policeUnitOf(referralId).ifPresent(unit -> referralsByUnit.computeIfAbsent(unit, u -> new ArrayList<>()).add(referralId));
        }
        return referralsByUnit;
    }

    /**
     * Items for units' shared queues: what the unit as a whole must pick up (a referral or police report to handle, a
     * revocation to act on, a deadline to meet), beside the personal items. Deadlines of a case with protected identity
     * stay with the team and the supervisors: the rest of the unit has no need to know the case exists.
     */
    public List<PlannedUnitNotification> planForUnits(IntegrationEvent event, RoutingLookup lookup) {
        if (!(event instanceof CaseIntegrationEvent caseEvent)) {
            return List.of();
        }
        CaseRef ref = caseEvent.caseRef();
        UnitAudience caseUnit = UnitAudience.socialServicesUnit(ref.municipality(), ref.unit());
        return switch (caseEvent) {
            case ReferralSent sent -> List.of(new PlannedUnitNotification(UnitAudience.policeUnit(sent.policeUnit()),
                    NotificationKind.REFERRAL_RECEIVED, null, sent.referralId(), referralSentMessage(sent), referralLink(sent.referralId())));
            case ReferralRevoked revoked -> revoked.reason() == RevocationReason.CONSENT_WITHDRAWN || revoked.policeUnit() == null
                    ? List.of()
                    : List.of(new PlannedUnitNotification(UnitAudience.policeUnit(revoked.policeUnit()), NotificationKind.REFERRAL_REVOKED,
                    null, revoked.referralId(), referralRevokedMessage(revoked), null));
            case ConsentWithdrawn withdrawn -> referralsByUnit(withdrawn, lookup).entrySet().stream()
                    .map(unit -> new PlannedUnitNotification(UnitAudience.policeUnit(unit.getKey()), NotificationKind.CONSENT_WITHDRAWN,
                            null, unit.getValue().size() == 1 ? unit.getValue().getFirst() : null,
                            consentWithdrawnPoliceMessage(unit.getValue()),
                            unit.getValue().size() == 1 ? referralLink(unit.getValue().getFirst()) : null))
                    .toList();
            case PoliceReportReceived report -> List.of(new PlannedUnitNotification(caseUnit, NotificationKind.POLICE_REPORT_RECEIVED,
                    ref.caseId(), null, policeReportMessage(ref), caseLink(ref)));
            case DeadlineApproaching approaching -> offTheQueue(ref, NotificationKind.DEADLINE_APPROACHING) ? List.of()
                    : List.of(new PlannedUnitNotification(caseUnit, NotificationKind.DEADLINE_APPROACHING, ref.caseId(), null,
                    deadlineApproachingMessage(approaching), caseLink(ref)));
            case DeadlineMissed missed -> offTheQueue(ref, NotificationKind.DEADLINE_MISSED) ? List.of()
                    : List.of(new PlannedUnitNotification(caseUnit, NotificationKind.DEADLINE_MISSED, ref.caseId(), null,
                    deadlineMissedMessage(missed), caseLink(ref)));
            // the team and supervisors hear of these in person, or nobody needs to
            case CaseOpened ignored -> List.of();
            case CaseTeamChanged ignored -> List.of();
            case CasePhaseChanged ignored -> List.of();
            case CaseClosed ignored -> List.of();
            case CaseReopened ignored -> List.of();
            case CaseShared ignored -> List.of();
            case CaseShareEnded ignored -> List.of();
            case NoteRecorded ignored -> List.of();
            case MeasureRecorded ignored -> List.of();
            case ConsentRecorded ignored -> List.of();
            case ReferralAwaitingApproval ignored -> List.of();
            case ProtectionLoweringRequested ignored -> List.of();
            case ProtectionChanged ignored -> List.of();
            case ReferralAcknowledged ignored -> List.of();
            case ReferralAccepted ignored -> List.of();
            case ReferralDeclined ignored -> List.of();
            case PoliceFeedbackPosted ignored -> List.of();
            case ReferralCompleted ignored -> List.of();
            case DeadlineScheduled ignored -> List.of();
            case DeadlineMet ignored -> List.of();
            case CaseDataCleared ignored -> List.of();
            // a case without a team (the intake the report opened, or one not yet assigned) is the unit's queue's;
            // a report that joined a case with a team is that team's, who were told in person
            case ReportReceived report -> !report.attached() || team(ref, lookup).isEmpty()
                    ? List.of(new PlannedUnitNotification(caseUnit, report.attached() ? NotificationKind.REPORT_ATTACHED
                    : NotificationKind.REPORT_RECEIVED, ref.caseId(), null,
                    report.attached() ? reportAttachedMessage(report) : reportReceivedMessage(report), caseLink(ref)))
                    : List.of();
            // the sender is told in person; its unit has no queue for news
            case ReportStatusChanged ignored -> List.of();
            // a commitment belongs to a person (its owner, or the team), not to a unit's queue
            case CoordinationMeetingRecorded ignored -> List.of();
            case CommitmentMade ignored -> List.of();
            case CommitmentDueSoon ignored -> List.of();
            case CommitmentOverdue ignored -> List.of();
            case CommitmentReportedDone ignored -> List.of();
            case CommitmentFollowedUp ignored -> List.of();
        };
    }

    private static String reportReceivedMessage(ReportReceived report) {
        return "A " + reporter(report) + " opened intake case " + describe(report.caseRef()) + " in your unit; it has no case"
                + " team yet. Its safety assessment is due today (" + report.safetyAssessmentDueOn() + ")"
                + (report.assessmentDueOn() == null ? "." : ", its assessment by " + report.assessmentDueOn() + ".");
    }

    private static String reportAttachedMessage(ReportReceived report) {
        return "A " + reporter(report) + " about the subject of case " + describe(report.caseRef()) + " joined the case."
                + " Its safety assessment is due today (" + report.safetyAssessmentDueOn() + ")"
                + (report.assessmentDueOn() == null ? "; it is taken into the ongoing investigation."
                : ", its assessment by " + report.assessmentDueOn() + ".");
    }

    private static String reporter(ReportReceived report) {
        String role = report.reporterRole() == null ? "report" : switch (report.reporterRole()) {
            case "POLICE" -> "police report";
            case "SCHOOL" -> "concern from a school";
            case "FIELD_ASSISTANT" -> "concern from the field assistants";
            case "LEISURE_STAFF" -> "concern from leisure staff";
            default -> "report";
        };
        return report.forwardedFromUnit() == null ? role : role + " forwarded by unit " + report.forwardedFromUnit();
    }

    /** What the sender may learn, and only that: the step, its date, where a forwarded report went. */
    private static String reportStatusMessage(ReportStatusChanged changed) {
        String what = switch (changed.reportStatus() == null ? "" : changed.reportStatus()) {
            case "SAFETY_ASSESSED" -> "the safety assessment was made";
            case "INVESTIGATION_OPENED" -> "an investigation was opened";
            case "NO_INVESTIGATION" -> "no investigation will be opened";
            case "INVESTIGATION_ONGOING" -> "an investigation is already ongoing";
            // where a protected young person's report went is where they now live: the sender learns only that it went
            case "FORWARDED" -> isProtected(changed.caseRef()) ? "it was forwarded to another unit"
                    : "it was forwarded to unit " + changed.forwardedToUnit() + " of municipality " + changed.forwardedToMunicipality();
            default -> "its status changed";
        };
        return "Report " + changed.reportId() + " that your unit sent: " + what + " (" + changed.statusOn() + ").";
    }

    private static String referralSentMessage(ReferralSent sent) {
        return "Referral " + sent.referralId() + " was sent to your unit " + sent.policeUnit()
                + ". Open it to see what is shared with you and on which legal basis.";
    }

    private static String referralRevokedMessage(ReferralRevoked revoked) {
        return "Referral " + revoked.referralId() + " to your unit was revoked (" + revocation(revoked.reason())
                + "). You can no longer open it.";
    }

    private static String consentWithdrawnPoliceMessage(List<UUID> referrals) {
        return "The consent behind referral(s) " + join(referrals) + " to your unit was withdrawn and the referral(s) revoked."
                + " You can no longer open them; do not use data received under them.";
    }

    private static String policeReportMessage(CaseRef ref) {
        return "A police report opened intake case " + describe(ref) + " in your unit; it has no case team yet.";
    }

    private static String deadlineApproachingMessage(DeadlineApproaching approaching) {
        return "The " + deadline(approaching.kind()) + " deadline of case " + describe(approaching.caseRef()) + " is due on "
                + approaching.dueOn() + ".";
    }

    private static String deadlineMissedMessage(DeadlineMissed missed) {
        return "The " + deadline(missed.kind()) + " deadline of case " + describe(missed.caseRef()) + " was due on " + missed.dueOn()
                + " and has passed without being met.";
    }

    private static boolean isProtected(CaseRef ref) {
        return ProtectedCases.isProtected(ref.protectedIdentity());
    }

    private static boolean offTheQueue(CaseRef ref, NotificationKind kind) {
        return isProtected(ref) && ProtectedCases.KEPT_OFF_THE_UNIT_QUEUE.contains(kind);
    }

    /**
     * The case's team (the one who opened it first among them while she is on it, as this service's "owner"; not once
     * she is off it) and the municipality's compliance officers; never the one who broke the glass. The unit is named
     * only while neither the access event nor what this service last learnt of the case says the identity is protected:
     * the access and case events come on different topics, so either may be the newer.
     */
    private List<PlannedNotification> breakGlass(AccessRecorded access, RoutingLookup lookup) {
        if (access.caseId() == null) {
            return List.of();
        }
        CaseRoute route = lookup.caseRoute(access.caseId()).orElse(null);
        boolean isProtected = ProtectedCases.isProtected(access.protectedIdentity())
                || route != null && ProtectedCases.isProtected(route.protectedIdentity());
        String municipality = route != null ? route.municipality() : access.actor().municipality();
        String what = "Case " + access.caseId() + (!isProtected && access.owningUnit() != null
                ? " (unit " + access.owningUnit() + ")" : "") + " was opened with break-glass access by someone outside its team ("
                + (access.outcome() == null ? "outcome unknown" : access.outcome().name().toLowerCase()) + ").";
        List<PlannedNotification> planned = new ArrayList<>();
        if (route != null) {
            Set<String> ownerAndTeam = new LinkedHashSet<>();
            if (route.ownerUserId() != null && route.team().contains(route.ownerUserId())) {
                ownerAndTeam.add(route.ownerUserId());
            }
            ownerAndTeam.addAll(route.team());
            ownerAndTeam.remove(access.actor().userId());
            planned.addAll(toEach(lookup.activeStaffOf(route.municipality(), route.unit(), ownerAndTeam),
                    NotificationKind.BREAK_GLASS_ACCESS, access.caseId(), null,
                    what + " It is flagged for compliance review.", "/api/cases/" + access.caseId()));
        }
        planned.addAll(toEach(lookup.usersInMunicipality(municipality, Role.COMPLIANCE_OFFICER), NotificationKind.BREAK_GLASS_ACCESS,
                access.caseId(), null, what + " Review who accessed it and why in the audit log.",
                "/api/audit/entries?caseId=" + access.caseId()));
        return planned;
    }

    /**
     * To the officers of the item's municipality. An item of no municipality (a forged or unreadable record, a witness
     * alarm that a peer log was rewritten, a finding about no known case) is listed to every officer, so every officer
     * is told: these went to nobody, and an alarm no one hears of is no alarm. Never the officer whose own act raised
     * the item: that would warn the one being reviewed (as the one who broke the glass is not told of that either).
     */
    private List<PlannedNotification> reviewItem(ReviewItemRaised item, RoutingLookup lookup) {
        List<String> officers = (item.municipality() == null ? lookup.usersEverywhere(Role.COMPLIANCE_OFFICER)
                : lookup.usersInMunicipality(item.municipality(), Role.COMPLIANCE_OFFICER)).stream()
                .filter(officer -> !officer.equals(item.actorUserId())).toList();
        return toEach(officers, NotificationKind.REVIEW_ITEM_RAISED,
                item.caseId(), null, "Review item " + item.reviewItemId() + " (rule " + item.rule() + ")"
                        + (item.caseId() == null ? "" : " concerning case " + item.caseId()) + " waits in the review queue.",
                "/api/audit/review-items/" + item.reviewItemId());
    }

    /**
     * The case's team as far as it may still hear of the case: the members case-service last published who are still
     * active staff of the case's unit. One who left, was suspended here or moved to another unit (case-service may not
     * have taken her off yet) keeps what she was told and is told nothing new.
     */
    private static List<String> team(CaseRef ref, RoutingLookup lookup) {
        return stillStaff(ref, publishedTeam(ref, lookup), lookup);
    }

    /** The team as case-service last published it, whoever its members are now. */
    private static List<String> publishedTeam(CaseRef ref, RoutingLookup lookup) {
        return lookup.caseRoute(ref.caseId()).map(CaseRoute::team).orElse(List.of());
    }

    private static List<String> stillStaff(CaseRef ref, Collection<String> members, RoutingLookup lookup) {
        return lookup.activeStaffOf(ref.municipality(), ref.unit(), members);
    }

    private static List<String> supervisors(CaseRef ref, RoutingLookup lookup) {
        return lookup.usersInUnit(ref.municipality(), ref.unit(), Role.SUPERVISOR);
    }

    private static Set<String> teamAndSupervisors(CaseRef ref, RoutingLookup lookup) {
        Set<String> recipients = new LinkedHashSet<>(team(ref, lookup));
        recipients.addAll(supervisors(ref, lookup));
        return recipients;
    }

    /**
     * Police notifications name the referral, never the case: a case id would let the police tie referrals about the
     * same person together beyond what each referral shares.
     */
    private static List<PlannedNotification> toPolice(Collection<String> recipients, NotificationKind kind, UUID referralId,
                                                      String message, String link) {
        return toEach(recipients, kind, (UUID) null, referralId, message, link);
    }

    private static List<String> assignedCoordinators(List<String> named, String partnerMunicipality, RoutingLookup lookup) {
        if (named == null || named.isEmpty()) {
            return List.of();
        }
        List<String> coordinators = lookup.usersInMunicipality(partnerMunicipality, Role.EXIT_COORDINATOR);
        return named.stream().filter(coordinators::contains).toList();
    }

    private static List<PlannedNotification> toEach(Collection<String> recipients, NotificationKind kind, CaseRef ref,
                                                    UUID referralId, String message, String link) {
        return toEach(recipients, kind, ref.caseId(), referralId, message, link);
    }

    private static List<PlannedNotification> toEach(Collection<String> recipients, NotificationKind kind, UUID caseId,
                                                    UUID referralId, String message, String link) {
        return new LinkedHashSet<>(recipients).stream()
                .map(recipient -> new PlannedNotification(recipient, kind, caseId, referralId, message, link))
                .toList();
    }

    /**
     * The case id, plus its unit unless the subject's identity is protected: then nothing that hints at a place, and
     * not the protection either, since that alone says something about the person.
     */
    static String describe(CaseRef ref) {
        if (ref.protectedIdentity() != null && ref.protectedIdentity() != ProtectedIdentity.NONE) {
            return ref.caseId().toString();
        }
        return ref.caseId() + " (unit " + ref.unit() + ")";
    }

    private static String deadline(DeadlineKind kind) {
        return switch (kind) {
            case PRELIMINARY_ASSESSMENT -> "preliminary assessment (14 days)";
            case INVESTIGATION -> "investigation (4 months)";
            case FIRST_FAMILY_CONTACT -> "first family contact";
            case LUL_POLICE_INVESTIGATION -> "LUL police investigation (6 weeks)";
            case LUL_STATEMENT_TO_PROSECUTOR -> "LUL statement to the prosecutor";
            case FOLLOW_UP -> "follow-up";
            case SAFETY_ASSESSMENT -> "safety assessment (same day)";
            case null -> "case";
        };
    }

    private static String revocation(RevocationReason reason) {
        return switch (reason) {
            case CONSENT_WITHDRAWN -> "consent withdrawn";
            case CONSENT_EXPIRED -> "the consent expired";
            case WITHDRAWN_BY_SOCIAL_SERVICES -> "withdrawn by social services";
            case null -> "no reason given";
        };
    }

    private static String join(List<UUID> ids) {
        return String.join(", ", ids.stream().map(UUID::toString).toList());
    }

    private static String caseLink(CaseRef ref) {
        return "/api/cases/" + ref.caseId();
    }

    /** Referrals are part of the case view in case-service; the link names the case, the message the referral. */
    private static String caseReferralLink(CaseRef ref, UUID referralId) {
        return caseLink(ref);
    }

    /** The police liaison's own view of a referral (case-service's police API), never the case. */
    private static String referralLink(UUID referralId) {
        return "/api/police/referrals/" + referralId;
    }
}
