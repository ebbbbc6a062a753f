package se.samverkan.cases.domain;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.CaseOpened;

import java.util.List;

/**
 * A case and everything that rests on it (notes, measures, consents, referrals), so that withdrawing a consent
 * revokes its referrals in the same transaction. Who may ask is decided before a command gets here. The aggregate
 * only dispatches: each command goes, after the If-Match check, to its feature's decision function, and the events it
 * returns are applied to the {@link CaseFile}, the one fold of a case's events. Loading starts from the latest
 * {@link CaseSnapshot} when there is one (taken every few events, see the snapshot trigger in {@code config}).
 */
@Aggregate(snapshotTriggerDefinition = "caseSnapshotTrigger")
public class CaseAggregate {

    @AggregateIdentifier
    private CaseId caseId;
    private CaseFile file;

    protected CaseAggregate() {
    }

    /** The staff directory and the calendar come in as handler parameters (Spring beans, resources in tests). */
    @CommandHandler
    public CaseAggregate(OpenCase command, StaffDirectory staff, CaseCalendar calendar) {
        applyAll(CaseOpening.decide(command, staff, calendar));
    }

    @CommandHandler
    public CaseAggregate(ReceiveReport command, CaseCalendar calendar) {
        applyAll(Intake.decide(command, calendar));
    }

    /**
     * Every change to an existing case answers the case's version after it, so the caller need not read it back after
     * the commit: that read needed a second connection, and on a busy pool it failed (503, "nothing was changed")
     * although the change was stored, inviting a duplicate on retry.
     */
    @CommandHandlerInterceptor
    public Object answerWithVersion(InterceptorChain chain) throws Exception {
        Object answer = chain.proceed();
        return answer instanceof CaseAnswer decided ? decided : file.version();
    }

    @CommandHandler
    public void handle(AssignCaseTeam command, StaffDirectory staff) { applyAll(Teams.decide(checked(command), command, staff)); }

    @CommandHandler
    public void handle(RecordNote command) { applyAll(Notes.decide(checked(command), command)); }

    @CommandHandler
    public void handle(CorrectNote command) { applyAll(Notes.decide(checked(command), command)); }

    @CommandHandler
    public void handle(RecordMeasure command) { applyAll(Measures.decide(checked(command), command)); }

    @CommandHandler
    public void handle(ChangePhase command, CaseCalendar calendar) { applyAll(PhaseChanges.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(RecordFamilyContact command, CaseCalendar calendar) { applyAll(Deadlines.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(RecordJointPoliceMeeting command) { applyAll(Deadlines.decide(checked(command), command)); }

    @CommandHandler
    public void handle(RecordLulDeadline command) { applyAll(Deadlines.decide(checked(command), command)); }

    @CommandHandler
    public void handle(MarkDeadlineApproaching command) { applyAll(Deadlines.decide(checked(command), command)); }

    @CommandHandler
    public void handle(MarkDeadlineMissed command, CaseCalendar calendar) { applyAll(Deadlines.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(CloseCase command, CaseCalendar calendar) { applyAll(Closure.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(ReopenCase command) { applyAll(Closure.decide(checked(command), command)); }

    @CommandHandler
    public void handle(ShareCase command, PartnerRegister register, StaffDirectory staff, CaseCalendar calendar) {
        applyAll(Sharing.decide(checked(command), command, register, staff, calendar));
    }

    @CommandHandler
    public void handle(EndPartnerShare command, CaseCalendar calendar) { applyAll(Sharing.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(EndLapsedPartnerShares command, CaseCalendar calendar) { applyAll(Sharing.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(RecordPartnerNote command, CaseCalendar calendar) { applyAll(Sharing.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(RecordPartnerMeasure command, CaseCalendar calendar) { applyAll(Sharing.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(MarkNoteShareable command) { applyAll(Sharing.decide(checked(command), command)); }

    @CommandHandler
    public void handle(RecordCostShare command) { applyAll(Sharing.decide(checked(command), command)); }

    @CommandHandler
    public void handle(RecordConsent command, CaseCalendar calendar) { applyAll(Consents.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(WithdrawConsent command, CaseCalendar calendar) { applyAll(Consents.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(CreateReferral command, CaseCalendar calendar) { applyAll(Referrals.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(ApproveReferral command, CaseCalendar calendar) { applyAll(Referrals.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(AcknowledgeReferral command, CaseCalendar calendar) { applyAll(Referrals.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(AcceptReferral command, CaseCalendar calendar) { applyAll(Referrals.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(DeclineReferral command, CaseCalendar calendar) { applyAll(Referrals.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(PostPoliceFeedback command, CaseCalendar calendar) { applyAll(Referrals.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(CompleteReferral command) { applyAll(Referrals.decide(checked(command), command)); }

    @CommandHandler
    public void handle(RevokeReferral command) { applyAll(Referrals.decide(checked(command), command)); }

    @CommandHandler
    public void handle(ClearCaseData command) { applyAll(Clearing.decide(checked(command), command)); }

    @CommandHandler
    public void handle(PlaceLegalHold command) { applyAll(LegalHolds.decide(checked(command), command)); }

    @CommandHandler
    public void handle(LiftLegalHold command) { applyAll(LegalHolds.decide(checked(command), command)); }

    /** Answers what it decided (in force, or waiting for a second person), so the caller's answer rests on it. */
    @CommandHandler
    public Protection.Decided handle(ChangeProtectedIdentity command) {
        List<CaseEvent> events = Protection.decide(checked(command), command);
        applyAll(events);
        return new Protection.Decided(file.version(), Protection.outcomeOf(events), file.protectedIdentity());
    }

    @CommandHandler
    public void handle(AttachReport command, CaseCalendar calendar) { applyAll(Intake.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(RecordSafetyAssessment command, CaseCalendar calendar) { applyAll(Intake.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(AssessReport command, CaseCalendar calendar) { applyAll(Intake.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(ForwardReport command, CaseCalendar calendar) { applyAll(Intake.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(RecordCoordinationMeeting command, StaffDirectory staff, CaseCalendar calendar) {
        applyAll(ActionPlans.decide(checked(command), command, staff, calendar));
    }

    @CommandHandler
    public void handle(FollowUpCommitment command, CaseCalendar calendar) { applyAll(ActionPlans.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(ReportCommitmentDone command, CaseCalendar calendar) { applyAll(ActionPlans.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(MarkCommitmentDueSoon command, CaseCalendar calendar) { applyAll(ActionPlans.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(MarkCommitmentOverdue command, CaseCalendar calendar) { applyAll(ActionPlans.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(RecordFollowUpStatus command, CaseCalendar calendar) { applyAll(FollowUps.decide(checked(command), command, calendar)); }

    @CommandHandler
    public void handle(ApprovePartnerShare command, PartnerRegister register, StaffDirectory staff, CaseCalendar calendar) {
        applyAll(Sharing.decide(checked(command), command, register, staff, calendar));
    }

    @CommandHandler
    public void handle(RefusePartnerShare command) { applyAll(Sharing.decide(checked(command), command)); }

    /** Every case event, folded by {@link CaseFile#apply} (an exhaustive switch over the sealed {@link CaseEvent}). */
    @EventSourcingHandler
    void on(CaseEvent event) {
        if (event instanceof CaseOpened opened) {
            caseId = opened.caseId();
            file = new CaseFile();
        }
        file.apply(event);
    }

    /** A snapshot stands for every event up to its version; the events after it follow through {@link #on(CaseEvent)}. */
    @EventSourcingHandler
    void on(CaseSnapshot snapshot) {
        file = CaseFile.restore(snapshot);
        caseId = file.caseId();
    }

    /** The client's If-Match is checked before any rule, for every command that carries one. */
    private CaseFile checked(CaseCommand command) {
        CaseGuards.checkVersion(file, command);
        return file;
    }

    private static void applyAll(List<CaseEvent> events) {
        events.forEach(AggregateLifecycle::apply);
    }
}
