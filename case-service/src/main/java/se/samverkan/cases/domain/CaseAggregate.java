package se.samverkan.cases.domain;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A case and everything that rests on it (notes, measures, consents, referrals), so that withdrawing a consent
 * revokes its referrals in the same transaction. Who may ask is decided before a command gets here; the aggregate
 * keeps the case's own rules.
 */
@Aggregate
public class CaseAggregate {

    static final int MAX_NOTE_LENGTH = 20_000;

    @AggregateIdentifier
    private CaseId caseId;
    private CaseFile file;

    protected CaseAggregate() {
    }

    /** The staff directory comes in as a handler parameter (a Spring bean in the service, a resource in tests). */
    @CommandHandler
    public CaseAggregate(OpenCase command, StaffDirectory staff, CaseCalendar calendar) {
        requireTeamNotEmpty(command.team());
        TeamMembershipPolicy.check(command.municipality(), command.unit(), command.team(), command.by(), staff::find);
        List<String> team = new ArrayList<>(new LinkedHashSet<>(command.team()));
        apply(new CaseOpened(command.caseId(), command.program(), command.municipality(), command.unit(),
                command.subjectId(), command.subject(), List.copyOf(team), command.origin(), PhaseTransitionPolicy.initial(),
                ActedBy.of(command.by()), command.at()));
        scheduleFirstFamilyContact(command.program(), command.firstFamilyContactDays(), command, calendar);
    }

    @CommandHandler
    public CaseAggregate(ReceivePoliceReport command, CaseCalendar calendar) {
        if (command.summary() == null || command.summary().isBlank()) {
            throw ClientProblem.badRequest("summary-required", "A police report needs a summary of what happened");
        }
        apply(new CaseOpened(command.caseId(), se.samverkan.contracts.Program.RAPID_INTERVENTION, command.municipality(),
                command.unit(), command.subjectId(), command.subject(), List.of(), CaseOrigin.POLICE_REPORT,
                PhaseTransitionPolicy.initial(), ActedBy.of(command.by()), command.at()));
        apply(new PoliceReportReceived(command.caseId(), command.reportId(), command.by().unit(), command.summary(),
                ActedBy.of(command.by()), command.at()));
        scheduleFirstFamilyContact(se.samverkan.contracts.Program.RAPID_INTERVENTION, command.firstFamilyContactDays(), command, calendar);
    }

    private void scheduleFirstFamilyContact(se.samverkan.contracts.Program program, Integer days, CaseCommand command,
                                            CaseCalendar calendar) {
        if (program == se.samverkan.contracts.Program.RAPID_INTERVENTION && days != null) {
            apply(new DeadlineScheduled(command.caseId(), newDeadlineId(command, DeadlineKind.FIRST_FAMILY_CONTACT),
                    DeadlineKind.FIRST_FAMILY_CONTACT, calendar.dayOf(command.at()).plusDays(days), null, command.at()));
        }
    }

    private static String newDeadlineId(CaseCommand command, DeadlineKind kind) {
        // derived, not random, so the same command always yields the same id (tests, replays of retried commands)
        return java.util.UUID.nameUUIDFromBytes((command.caseId() + ":" + kind + ":" + command.at()).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    @CommandHandler
    public void handle(AssignCaseTeam command, StaffDirectory staff) {
        checkVersion(command);
        requireOpen();
        requireTeamNotEmpty(command.team());
        TeamMembershipPolicy.check(file.municipality(), file.unit(), command.team(), command.by(), staff::find);
        apply(new CaseTeamAssigned(caseId, List.copyOf(new LinkedHashSet<>(command.team())), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(RecordNote command) {
        checkVersion(command);
        requireOpen();
        requireNoteText(command.text());
        if (file.hasNote(command.noteId())) {
            throw ClientProblem.conflict("note-exists", "Note " + command.noteId() + " is already recorded");
        }
        apply(new NoteRecorded(caseId, command.noteId(), command.text(), null, ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(CorrectNote command) {
        checkVersion(command);
        requireOpen();
        requireNoteText(command.text());
        if (!file.hasNote(command.correctsNoteId())) {
            throw ClientProblem.notFound("Note " + command.correctsNoteId());
        }
        apply(new NoteRecorded(caseId, command.noteId(), command.text(), command.correctsNoteId(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(RecordMeasure command) {
        checkVersion(command);
        requireOpen();
        if (command.measureType() == null || command.startDate() == null) {
            throw ClientProblem.badRequest("measure-incomplete", "A measure needs a type and a start date");
        }
        if (command.endDate() != null && command.endDate().isBefore(command.startDate())) {
            throw ClientProblem.ruleViolation("measure-ends-before-start",
                    "The measure ends (" + command.endDate() + ") before it starts (" + command.startDate() + ")");
        }
        apply(new MeasureRecorded(caseId, command.measureId(), command.measureType().name(), command.startDate(),
                command.endDate(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(ChangePhase command, CaseCalendar calendar) {
        checkVersion(command);
        requireOpen();
        PhaseTransitionPolicy.check(file.program(), file.phase(), command.toPhase());
        Phase leaving = file.phase();
        apply(new PhaseChanged(caseId, leaving, command.toPhase(), ActedBy.of(command.by()), command.at()));
        DeadlinePolicy.endedBy(leaving).ifPresent(kind -> file.deadlines().stream()
                .filter(d -> d.kind() == kind && d.isPending())
                .forEach(d -> apply(new DeadlineMet(caseId, d.deadlineId(), kind, d.dueOn(), calendar.dayOf(command.at()), ActedBy.of(command.by()), command.at()))));
        DeadlinePolicy.startedBy(file.program(), command.toPhase(), calendar.dayOf(command.at())).ifPresent(due ->
                apply(new DeadlineScheduled(caseId, newDeadlineId(command, due.kind()), due.kind(), due.dueOn(), null, command.at())));
    }

    @CommandHandler
    public void handle(RecordFamilyContact command) {
        checkVersion(command);
        requireOpen();
        apply(new FamilyContactRecorded(caseId, command.on(), ActedBy.of(command.by()), command.at()));
        file.deadlines().stream().filter(d -> d.kind() == DeadlineKind.FIRST_FAMILY_CONTACT && d.isPending())
                .forEach(d -> apply(new DeadlineMet(caseId, d.deadlineId(), d.kind(), d.dueOn(), command.on(), ActedBy.of(command.by()), command.at())));
    }

    @CommandHandler
    public void handle(RecordJointPoliceMeeting command) {
        checkVersion(command);
        requireOpen();
        apply(new JointPoliceMeetingRecorded(caseId, command.on(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(RecordLulDeadline command) {
        checkVersion(command);
        requireOpen();
        if (command.kind() != DeadlineKind.LUL_POLICE_INVESTIGATION && command.kind() != DeadlineKind.LUL_STATEMENT_TO_PROSECUTOR) {
            throw ClientProblem.badRequest("not-a-lul-deadline",
                    "Only LUL_POLICE_INVESTIGATION and LUL_STATEMENT_TO_PROSECUTOR dates are entered by hand");
        }
        if (file.deadline(command.deadlineId()).isPresent()) {
            throw ClientProblem.conflict("deadline-exists", "Deadline " + command.deadlineId() + " is already recorded");
        }
        apply(new DeadlineScheduled(caseId, command.deadlineId(), command.kind(), command.dueOn(), ActedBy.of(command.by()), command.at()));
    }

    /** Idempotent: the watch may ask again before its read model has caught up. */
    @CommandHandler
    public void handle(MarkDeadlineApproaching command) {
        file.deadline(command.deadlineId())
                .filter(d -> d.state() == CaseFile.DeadlineState.OPEN && file.status() == CaseStatus.OPEN)
                .ifPresent(d -> apply(new DeadlineApproaching(caseId, d.deadlineId(), d.kind(), d.dueOn(), null, command.at())));
    }

    @CommandHandler
    public void handle(MarkDeadlineMissed command, CaseCalendar calendar) {
        file.deadline(command.deadlineId())
                .filter(d -> d.isPending() && file.status() == CaseStatus.OPEN && calendar.dayOf(command.at()).isAfter(d.dueOn()))
                .ifPresent(d -> apply(new DeadlineMissed(caseId, d.deadlineId(), d.kind(), d.dueOn(), null, command.at())));
    }

    @CommandHandler
    public void handle(CloseCase command) {
        checkVersion(command);
        requireOpen();
        if (command.outcome() == null) {
            throw ClientProblem.badRequest("outcome-required", "Closing a case needs an outcome");
        }
        if (file.referrals().stream().anyMatch(r -> r.status().isOpen() || r.status() == ReferralStatus.AWAITING_APPROVAL)) {
            throw ClientProblem.ruleViolation("open-referrals",
                    "The case has referrals still open; complete or revoke them before closing the case");
        }
        apply(new CaseClosed(caseId, file.phase(), command.outcome().name(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(ReopenCase command) {
        checkVersion(command);
        if (file.personalDataErased() || !file.clearedDocumentTypes().isEmpty()) {
            throw ClientProblem.conflict("case-data-cleared",
                    "The case's personal data has been cleared (gallrad); it cannot be reopened. Open a new case instead");
        }
        if (file.status() != CaseStatus.CLOSED) {
            throw ClientProblem.conflict("case-not-closed", "Only a closed case can be reopened");
        }
        if (command.reason() == null || command.reason().isBlank()) {
            throw ClientProblem.badRequest("reason-required", "Reopening a case needs a reason");
        }
        apply(new CaseReopened(caseId, Phase.INTAKE, command.reason(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(ShareCase command) {
        checkVersion(command);
        requireOpen();
        if (file.program() != se.samverkan.contracts.Program.EXIT_PROGRAM) {
            throw ClientProblem.ruleViolation("sharing-not-allowed",
                    "Only exit-program cases can be shared with a partner municipality");
        }
        if (command.partnerMunicipality().equals(file.municipality()) || file.sharedWith().contains(command.partnerMunicipality())) {
            throw ClientProblem.conflict("already-shared", "The case is already available to municipality " + command.partnerMunicipality());
        }
        apply(new CaseShared(caseId, command.partnerMunicipality(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(RecordConsent command, CaseCalendar calendar) {
        checkVersion(command);
        requireOpen();
        if (file.consent(command.consentId()).isPresent()) {
            throw ClientProblem.conflict("consent-exists", "Consent " + command.consentId() + " is already recorded");
        }
        if (command.dataCategories() == null || command.dataCategories().isEmpty()) {
            throw ClientProblem.badRequest("data-categories-required", "A consent must name the data categories it covers");
        }
        if (command.validUntil().isBefore(command.validFrom())) {
            throw ClientProblem.ruleViolation("consent-period-invalid",
                    "The consent ends (" + command.validUntil() + ") before it starts (" + command.validFrom() + ")");
        }
        List<Consent.ConsentParty> parties = command.parties() == null ? List.of() : command.parties();
        if (parties.stream().noneMatch(p -> p.role() == Consent.PartyRole.SUBJECT)) {
            throw ClientProblem.ruleViolation("subject-consent-required", "The subject must be a party to the consent");
        }
        LocalDate today = calendar.dayOf(command.at());
        Subject subject = file.subject();
        if (subject.personnummer().isMinorOn(today)) {
            List<String> missing = subject.guardians().stream().map(Subject.Guardian::personalIdentityNumber)
                    .filter(g -> parties.stream().noneMatch(p -> p.role() == Consent.PartyRole.GUARDIAN
                            && g.equals(p.personalIdentityNumber())))
                    .toList();
            if (!missing.isEmpty() || subject.guardians().isEmpty() && parties.stream().noneMatch(p -> p.role() == Consent.PartyRole.GUARDIAN)) {
                throw ClientProblem.ruleViolation("guardian-consent-required",
                        "The subject is under 18: every guardian must be a party to the consent ("
                                + Math.max(missing.size(), 1) + " guardian(s) missing)");
            }
        }
        apply(new ConsentRecorded(caseId, command.consentId(), List.copyOf(parties), command.recipientAgency(),
                command.recipientUnit(), command.purposes() == null ? List.of()
                        : command.purposes().stream().distinct().map(Enum::name).toList(),
                EnumSet.copyOf(command.dataCategories()), command.validFrom(), command.validUntil(),
                command.documentReference(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(WithdrawConsent command, CaseCalendar calendar) {
        checkVersion(command);
        Consent consent = file.consent(command.consentId())
                .orElseThrow(() -> ClientProblem.notFound("Consent " + command.consentId()));
        if (consent.isWithdrawn()) {
            throw ClientProblem.conflict("consent-already-withdrawn", "Consent " + command.consentId()
                    + " was already withdrawn on " + consent.withdrawnOn());
        }
        List<Referral> resting = file.referrals().stream()
                .filter(r -> command.consentId().equals(r.consentId()))
                .filter(r -> r.status().isOpen())
                .toList();
        LocalDate on = command.withdrawnOn() == null ? calendar.dayOf(command.at()) : command.withdrawnOn();
        apply(new ConsentWithdrawn(caseId, command.consentId(), command.withdrawnBy(), on,
                resting.stream().map(Referral::referralId).toList(), ActedBy.of(command.by()), command.at()));
        resting.forEach(r -> apply(new ReferralRevoked(caseId, r.referralId(), r.policeUnit(),
                RevocationReason.CONSENT_WITHDRAWN, ActedBy.of(command.by()), command.at())));
    }

    @CommandHandler
    public void handle(CreateReferral command, CaseCalendar calendar) {
        checkVersion(command);
        requireOpen();
        if (file.referral(command.referralId()).isPresent()) {
            throw ClientProblem.conflict("referral-exists", "Referral " + command.referralId() + " already exists");
        }
        if (command.dataCategories() == null || command.dataCategories().isEmpty()) {
            throw ClientProblem.badRequest("data-categories-required", "A referral must name the data categories it shares");
        }
        EnumSet<DataCategory> categories = EnumSet.copyOf(command.dataCategories());
        ProtectedIdentity level = file.protectedIdentity();
        ProtectedIdentity released = ProtectedContactPolicy.releasedUnder(command.includeProtectedContact(), level);
        boolean shareAddress = ProtectedContactPolicy.mayShareAddress(categories, level, released);
        // a protected address leaves the team only when both the category and an explicit flag say so
        if (categories.contains(DataCategory.CONTACT) && !shareAddress) {
            throw ClientProblem.ruleViolation("protected-identity",
                    "The subject has a protected identity (" + file.protectedIdentity() + "); contact data (address) is shared "
                            + "only when the referral also sets includeProtectedContact: true");
        }
        if (categories.contains(DataCategory.CASE_SUMMARY) && isBlank(command.caseSummary())) {
            throw ClientProblem.badRequest("case-summary-required", "Sharing CASE_SUMMARY needs the summary text (caseSummary)");
        }
        if (categories.contains(DataCategory.RISK_ASSESSMENT) && isBlank(command.riskAssessment())) {
            throw ClientProblem.badRequest("risk-assessment-required", "Sharing RISK_ASSESSMENT needs the assessment text (riskAssessment)");
        }
        if (command.legalBasis() == LegalBasis.CONSENT) {
            ReferralLegalBasisPolicy.checkConsentBasis(file.consent(command.consentId()), command.consentId(),
                    command.policeUnit(), categories, calendar.dayOf(command.at()));
            apply(new ReferralSent(caseId, command.referralId(), command.policeUnit(), LegalBasis.CONSENT,
                    command.consentId(), categories, snapshot(categories, command.caseSummary(), command.riskAssessment(), shareAddress),
                    null, ActedBy.of(command.by()), command.at(), released));
        } else {
            ReferralLegalBasisPolicy.checkSecrecyBreakingBasis(command.legalBasis(), command.weighingOfInterests());
            apply(new ReferralAwaitingApproval(caseId, command.referralId(), command.policeUnit(), command.legalBasis(),
                    categories, command.caseSummary(), command.riskAssessment(), command.weighingOfInterests(),
                    ActedBy.of(command.by()), command.at(), released));
        }
    }

    @CommandHandler
    public void handle(ApproveReferral command) {
        checkVersion(command);
        requireOpen();
        Referral referral = referral(command.referralId());
        if (referral.status() != ReferralStatus.AWAITING_APPROVAL) {
            throw ClientProblem.conflict("referral-not-awaiting-approval",
                    "Referral " + command.referralId() + " is " + referral.status() + ", not awaiting approval");
        }
        ReferralLegalBasisPolicy.checkFourEyes(referral.createdBy(), command.by().userId());
        ReferralAwaitingApproval pending = file.pendingApproval(command.referralId()).orElseThrow();
        // the snapshot is taken now, so the protection in force now decides whether the address goes with it
        boolean shareAddress = ProtectedContactPolicy.mayShareAddress(referral.dataCategories(), file.protectedIdentity(),
                pending.contactReleasedUnder());
        apply(new ReferralSent(caseId, referral.referralId(), referral.policeUnit(), referral.legalBasis(), null,
                referral.dataCategories(), snapshot(referral.dataCategories(), pending.caseSummary(), pending.riskAssessment(), shareAddress),
                command.by().userId(), ActedBy.of(command.by()), command.at(), pending.contactReleasedUnder()));
    }

    @CommandHandler
    public void handle(AcknowledgeReferral command, CaseCalendar calendar) {
        Referral referral = policeReferral(command.referralId(), command, calendar);
        requireStatus(referral, ReferralStatus.SENT, "acknowledged");
        apply(new ReferralAcknowledged(caseId, referral.referralId(), referral.policeUnit(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(AcceptReferral command, CaseCalendar calendar) {
        Referral referral = policeReferral(command.referralId(), command, calendar);
        requireStatus(referral, EnumSet.of(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED), "accepted");
        apply(new ReferralAccepted(caseId, referral.referralId(), referral.policeUnit(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(DeclineReferral command, CaseCalendar calendar) {
        Referral referral = policeReferral(command.referralId(), command, calendar);
        requireStatus(referral, EnumSet.of(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED), "declined");
        if (command.reasonCode() == null) {
            throw ClientProblem.badRequest("reason-code-required", "Declining a referral needs a reason code");
        }
        apply(new ReferralDeclined(caseId, referral.referralId(), referral.policeUnit(), command.reasonCode().name(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(PostPoliceFeedback command, CaseCalendar calendar) {
        Referral referral = policeReferral(command.referralId(), command, calendar);
        requireStatus(referral, ReferralStatus.ACCEPTED, "given feedback");
        if (isBlank(command.text())) {
            throw ClientProblem.badRequest("feedback-text-required", "Feedback needs a text");
        }
        apply(new PoliceFeedbackPosted(caseId, referral.referralId(), referral.policeUnit(), command.feedbackId(),
                command.text(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(CompleteReferral command) {
        checkVersion(command);
        Referral referral = referral(command.referralId());
        requireStatus(referral, ReferralStatus.ACCEPTED, "completed");
        if (command.outcomeCode() == null) {
            throw ClientProblem.badRequest("outcome-required", "Completing a referral needs an outcome code");
        }
        apply(new ReferralCompleted(caseId, referral.referralId(), referral.policeUnit(), command.outcomeCode().name(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(RevokeReferral command) {
        checkVersion(command);
        Referral referral = referral(command.referralId());
        if (!referral.status().isOpen() && referral.status() != ReferralStatus.AWAITING_APPROVAL) {
            throw ClientProblem.conflict("referral-not-open", "Referral " + command.referralId() + " is " + referral.status()
                    + " and can no longer be revoked");
        }
        apply(new ReferralRevoked(caseId, referral.referralId(), referral.policeUnit(),
                command.reason() == null ? RevocationReason.WITHDRAWN_BY_SOCIAL_SERVICES : command.reason(), ActedBy.of(command.by()), command.at()));
    }

    @EventSourcingHandler
    void on(CaseEvent event) {
        if (event instanceof CaseOpened opened) {
            caseId = opened.caseId();
            file = new CaseFile();
        }
        file.apply(event);
    }

    @CommandHandler
    public void handle(ClearCaseData command) {
        EnumSet<DocumentType> remaining = EnumSet.noneOf(DocumentType.class);
        command.documentTypes().stream().filter(type -> !file.isCleared(type)).forEach(remaining::add);
        if (remaining.isEmpty()) {
            return;
        }
        if (file.status() != CaseStatus.CLOSED) {
            throw ClientProblem.conflict("case-open", "Only a closed case can be cleared");
        }
        if (!file.legalHolds().isEmpty()) {
            throw ClientProblem.conflict("legal-hold", "The case is under legal hold ("
                    + file.legalHolds().stream().map(h -> h.kind().name()).distinct().toList() + "); lift the hold first");
        }
        apply(new DocumentsCleared(caseId, remaining, command.clearedOn(), ActedBy.of(command.by()), command.at()));
        if (file.isCleared()) {
            apply(new CaseDataCleared(caseId, command.clearedOn(), ActedBy.of(command.by()), command.at()));
        }
    }

    @CommandHandler
    public void handle(PlaceLegalHold command) {
        checkVersion(command);
        requireNotCleared();
        if (command.kind() == null || isBlank(command.reason())) {
            throw ClientProblem.badRequest("legal-hold-incomplete",
                    "A legal hold needs a kind (LITIGATION, ONGOING_INVESTIGATION, SUPERVISORY_REVIEW) and a reason");
        }
        if (file.legalHolds().stream().anyMatch(h -> h.holdId().equals(command.holdId()))) {
            throw ClientProblem.conflict("legal-hold-exists", "Legal hold " + command.holdId() + " is already placed");
        }
        apply(new LegalHoldPlaced(caseId, command.holdId(), command.kind(), command.reason(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(LiftLegalHold command) {
        checkVersion(command);
        if (isBlank(command.reason())) {
            throw ClientProblem.badRequest("reason-required", "Lifting a legal hold needs a reason");
        }
        if (file.legalHolds().stream().noneMatch(h -> h.holdId().equals(command.holdId()))) {
            throw ClientProblem.notFound("Legal hold " + command.holdId());
        }
        apply(new LegalHoldLifted(caseId, command.holdId(), command.reason(), ActedBy.of(command.by()), command.at()));
    }

    @CommandHandler
    public void handle(ChangeProtectedIdentity command) {
        checkVersion(command);
        requireNotCleared();
        if (command.level() == null) {
            throw ClientProblem.badRequest("level-required",
                    "Name the level: NONE, SEKRETESSMARKERING, SKYDDAD_FOLKBOKFORING or FINGERADE_PERSONUPPGIFTER");
        }
        if (command.level() == file.protectedIdentity()) {
            return;
        }
        apply(new ProtectedIdentityChanged(caseId, file.protectedIdentity(), command.level(), ActedBy.of(command.by()), command.at()));
    }

    private void requireNotCleared() {
        // a partly cleared case can still be held: a hold stops the clearing of what is left
        if (file.personalDataErased()) {
            throw ClientProblem.conflict("case-data-cleared", "The case's personal data has been cleared (gallrad)");
        }
    }

    private ReferralSnapshot snapshot(java.util.Set<DataCategory> categories, String summary, String risk, boolean shareAddress) {
        return ReferralSnapshot.of(categories, file.subject(), file.measureSnapshot(), summary, risk, shareAddress);
    }

    private Referral referral(ReferralId id) {
        return file.referral(id).orElseThrow(() -> ClientProblem.notFound("Referral " + id));
    }

    /** The police act only on their own unit's referrals, and only while the consent it rests on still counts. */
    private Referral policeReferral(ReferralId id, CaseCommand command, CaseCalendar calendar) {
        Referral referral = referral(id);
        if (!referral.policeUnit().equals(command.by().unit())) {
            throw ClientProblem.notFound("Referral " + id);
        }
        if (referral.consentId() != null) {
            Consent consent = file.consent(referral.consentId()).orElseThrow();
            if (consent.lapseOn(calendar.dayOf(command.at())).isPresent()) {
                throw ClientProblem.forbidden("legal-basis-lapsed",
                        "The consent this referral rests on is no longer valid; the referral can no longer be used");
            }
        }
        return referral;
    }

    private void requireStatus(Referral referral, ReferralStatus expected, String action) {
        requireStatus(referral, EnumSet.of(expected), action);
    }

    private void requireStatus(Referral referral, EnumSet<ReferralStatus> expected, String action) {
        if (!expected.contains(referral.status())) {
            throw ClientProblem.conflict("referral-state", "Referral " + referral.referralId() + " is " + referral.status()
                    + " and cannot be " + action + " now (it must be " + expected.stream().map(Enum::name).toList() + ")");
        }
    }

    private void checkVersion(CaseCommand command) {
        Long expected = command.expectedVersion();
        if (expected != null && expected != file.version()) {
            throw ClientProblem.preconditionFailed("The case changed since you read it (your version " + expected
                    + ", current " + file.version() + "); read it again and retry");
        }
    }

    private void requireOpen() {
        if (file.status() == CaseStatus.CLOSED) {
            throw ClientProblem.conflict("case-closed", "The case is closed; reopen it first");
        }
    }

    private static void requireTeamNotEmpty(List<String> team) {
        if (team == null || team.isEmpty()) {
            throw ClientProblem.badRequest("team-required", "A case team needs at least one member");
        }
    }

    private static void requireNoteText(String text) {
        if (isBlank(text) || text.length() > MAX_NOTE_LENGTH) {
            throw ClientProblem.badRequest("note-text-invalid", "A note needs a text of 1 to " + MAX_NOTE_LENGTH + " characters");
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
