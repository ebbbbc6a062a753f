package se.samverkan.cases.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.ConcernType;
import se.samverkan.contracts.vocabulary.ForwardingReason;
import se.samverkan.contracts.vocabulary.ReportStatus;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.test.TestUser;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static se.samverkan.cases.domain.CaseAggregateTest.*;

/** Issue 15's intake rules, given-when-then: clocks from receipt, attaching, safety assessment, assessment, forwarding. */
class IntakeTest {

    static final Actor INGRID = TestUser.SCHOOL_COUNSELLOR.actor();
    static final ReportSource POLICE = new ReportSource("POLICE", "POLICE", "0136", "polisen-haninge");
    static final ReportSource SCHOOL = new ReportSource("MUNICIPALITY", "SCHOOL", "0136", "haninge-skola");
    static final String FIRST = "r1";
    static final String SECOND = "r2";
    static final Instant LATER = NOW.plusSeconds(3 * 86_400);
    static final LocalDate LATER_DAY = TODAY.plusDays(3);
    static final CaseId OTHER_CASE = new CaseId(java.util.UUID.randomUUID());

    FixtureConfiguration<CaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseAggregate.class);
        fixture.registerInjectableResource(DEMO_STAFF);
        fixture.registerInjectableResource(STOCKHOLM);
    }

    static List<CaseEvent> intakeFromPolice() {
        return List.of(new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM, List.of(),
                        CaseOrigin.POLICE_REPORT, Phase.INTAKE, ActedBy.of(DAVID), NOW),
                new ReportReceived(CASE, FIRST, POLICE, List.of("NARCOTICS"), "Rån", false, null, null, TODAY,
                        TODAY.plusDays(14), ActedBy.of(DAVID), NOW),
                scheduled(FIRST, DeadlineKind.SAFETY_ASSESSMENT, TODAY, NOW),
                scheduled(FIRST, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), NOW));
    }

    static DeadlineScheduled scheduled(String report, DeadlineKind kind, LocalDate due, Instant at) {
        return new DeadlineScheduled(CASE, Intake.deadlineId(CASE, report, kind), kind, due, null, at);
    }

    static DeadlineMet met(String report, DeadlineKind kind, LocalDate due, LocalDate on, Actor by, Instant at) {
        return new DeadlineMet(CASE, Intake.deadlineId(CASE, report, kind), kind, due, on, ActedBy.of(by), at);
    }

    static AttachReport attachSecond(Instant at) {
        return attachSecond(at, se.samverkan.contracts.ProtectedIdentity.NONE);
    }

    static AttachReport attachSecond(Instant at, se.samverkan.contracts.ProtectedIdentity protection) {
        return new AttachReport(CASE, SECOND, SUBJECT, protection, "Oro från skolan", SCHOOL, EnumSet.of(ConcernType.SCHOOL_ABSENCE),
                null, null, null, INGRID, at);
    }

    static SafetyAssessed safetyAssessed(String report, ReportSource source) {
        return new SafetyAssessed(CASE, report, source, false, TODAY, ActedBy.of(ANNA), NOW);
    }

    @Nested
    class ClocksAndAttaching {
        @Test
        void aConcernFromTheSchoolOpensAnIntakeAsAConcernReport() {
            fixture.givenNoPriorActivity()
                    .when(new ReceiveReport(CASE, FIRST, "0136", "haninge-ungdom", SUBJECT, KIM, "Oro", SCHOOL,
                            EnumSet.of(ConcernType.NARCOTICS), null, null, null, 7, INGRID, NOW))
                    .expectEvents(new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                                    List.of(), CaseOrigin.CONCERN_REPORT, Phase.INTAKE, ActedBy.of(INGRID), NOW),
                            new ReportReceived(CASE, FIRST, SCHOOL, List.of("NARCOTICS"), "Oro", false, null, null, TODAY,
                                    TODAY.plusDays(14), ActedBy.of(INGRID), NOW),
                            scheduled(FIRST, DeadlineKind.SAFETY_ASSESSMENT, TODAY, NOW),
                            scheduled(FIRST, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), NOW),
                            new DeadlineScheduled(CASE, fixtureFamilyDeadline(), DeadlineKind.FIRST_FAMILY_CONTACT,
                                    TODAY.plusDays(7), null, NOW));
        }

        @Test
        void aSecondReportJoinsTheOpenIntakeWithItsOwnClocks() {
            fixture.given(intakeFromPolice()).when(attachSecond(LATER))
                    .expectEvents(new ReportReceived(CASE, SECOND, SCHOOL, List.of("SCHOOL_ABSENCE"), "Oro från skolan", true,
                                    null, null, LATER_DAY, LATER_DAY.plusDays(14), ActedBy.of(INGRID), LATER),
                            scheduled(SECOND, DeadlineKind.SAFETY_ASSESSMENT, LATER_DAY, LATER),
                            scheduled(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, LATER_DAY.plusDays(14), LATER));
        }

        @Test
        void aReportJoiningACaseUnderInvestigationIsAlreadyOngoingAtOnce() {
            fixture.given(intakeFromPolice())
                    .andGiven(new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), NOW),
                            new PhaseChanged(CASE, Phase.PRELIMINARY_ASSESSMENT, Phase.INVESTIGATION, ActedBy.of(ANNA), NOW))
                    .when(attachSecond(LATER))
                    .expectEvents(new ReportReceived(CASE, SECOND, SCHOOL, List.of("SCHOOL_ABSENCE"), "Oro från skolan", true,
                                    null, null, LATER_DAY, null, ActedBy.of(INGRID), LATER),
                            scheduled(SECOND, DeadlineKind.SAFETY_ASSESSMENT, LATER_DAY, LATER),
                            new ReportAssessed(CASE, SECOND, SCHOOL, ReportStatus.INVESTIGATION_ONGOING.name(), LATER_DAY, null, LATER));
        }

        @Test
        void aReportAboutAProtectedIdentityUnderInvestigationWaitsForItsOwnAssessmentLikeAnyOther() {
            fixture.given(intakeFromPolice())
                    .andGiven(new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), NOW),
                            new PhaseChanged(CASE, Phase.PRELIMINARY_ASSESSMENT, Phase.INVESTIGATION, ActedBy.of(ANNA), NOW),
                            new ProtectedIdentityChanged(CASE, se.samverkan.contracts.ProtectedIdentity.NONE,
                                    se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW))
                    .when(attachSecond(LATER))
                    .expectEvents(new ReportReceived(CASE, SECOND, SCHOOL, List.of("SCHOOL_ABSENCE"), "Oro från skolan", true,
                                    null, null, LATER_DAY, LATER_DAY.plusDays(14), ActedBy.of(INGRID), LATER),
                            scheduled(SECOND, DeadlineKind.SAFETY_ASSESSMENT, LATER_DAY, LATER),
                            scheduled(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, LATER_DAY.plusDays(14), LATER));
        }

        @Test
        void theTeamConcludesAProtectedIdentitysWaitingReportAsAlreadyOngoingOnlyWhileTheCaseIsUnderInvestigation() {
            List<CaseEvent> protectedUnderInvestigation = List.of(
                    new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), NOW),
                    new PhaseChanged(CASE, Phase.PRELIMINARY_ASSESSMENT, Phase.INVESTIGATION, ActedBy.of(ANNA), NOW),
                    new ProtectedIdentityChanged(CASE, se.samverkan.contracts.ProtectedIdentity.NONE,
                            se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW),
                    new ReportReceived(CASE, SECOND, SCHOOL, List.of("SCHOOL_ABSENCE"), "Oro från skolan", true,
                            null, null, LATER_DAY, LATER_DAY.plusDays(14), ActedBy.of(INGRID), LATER),
                    scheduled(SECOND, DeadlineKind.SAFETY_ASSESSMENT, LATER_DAY, LATER),
                    scheduled(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, LATER_DAY.plusDays(14), LATER),
                    safetyAssessed(SECOND, SCHOOL));
            fixture.given(intakeFromPolice()).andGiven(protectedUnderInvestigation)
                    .when(new AssessReport(CASE, SECOND, ReportStatus.INVESTIGATION_ONGOING, null, ANNA, LATER))
                    .expectEvents(new ReportAssessed(CASE, SECOND, SCHOOL, ReportStatus.INVESTIGATION_ONGOING.name(), LATER_DAY,
                                    ActedBy.of(ANNA), LATER),
                            met(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, LATER_DAY.plusDays(14), LATER_DAY, ANNA, LATER));
            fixture.given(intakeFromPolice()).andGiven(safetyAssessed(FIRST, POLICE))
                    .when(new AssessReport(CASE, FIRST, ReportStatus.INVESTIGATION_ONGOING, null, ANNA, LATER))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("not under investigation"));
        }

        @Test
        void aReportKnowingTheSubjectAsProtectedRaisesTheProtectionOfTheCaseItJoinsBeforeAnythingElse() {
            fixture.given(intakeFromPolice())
                    .when(attachSecond(LATER, se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING))
                    .expectEvents(new ProtectedIdentityChanged(CASE, se.samverkan.contracts.ProtectedIdentity.NONE,
                                    se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(INGRID), LATER),
                            new ReportReceived(CASE, SECOND, SCHOOL, List.of("SCHOOL_ABSENCE"), "Oro från skolan", true,
                                    null, null, LATER_DAY, LATER_DAY.plusDays(14), ActedBy.of(INGRID), LATER),
                            scheduled(SECOND, DeadlineKind.SAFETY_ASSESSMENT, LATER_DAY, LATER),
                            scheduled(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, LATER_DAY.plusDays(14), LATER));
        }

        @Test
        void aReportNeverLowersTheProtectionOfTheCaseItJoins() {
            fixture.given(intakeFromPolice())
                    .andGiven(new ProtectedIdentityChanged(CASE, se.samverkan.contracts.ProtectedIdentity.NONE,
                            se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW))
                    .when(attachSecond(LATER, se.samverkan.contracts.ProtectedIdentity.SEKRETESSMARKERING))
                    .expectEvents(new ReportReceived(CASE, SECOND, SCHOOL, List.of("SCHOOL_ABSENCE"), "Oro från skolan", true,
                                    null, null, LATER_DAY, LATER_DAY.plusDays(14), ActedBy.of(INGRID), LATER),
                            scheduled(SECOND, DeadlineKind.SAFETY_ASSESSMENT, LATER_DAY, LATER),
                            scheduled(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, LATER_DAY.plusDays(14), LATER));
        }

        @Test
        void theSameReportAttachedTwiceChangesNothing() {
            fixture.given(intakeFromPolice()).when(new AttachReport(CASE, FIRST, SUBJECT, null, "Rån", POLICE, EnumSet.noneOf(ConcernType.class),
                    null, null, null, DAVID, LATER)).expectNoEvents();
        }

        @Test
        void aClosedCaseTakesNoReport() {
            fixture.given(intakeFromPolice())
                    .andGiven(new CaseClosed(CASE, Phase.INTAKE, "NO_FURTHER_ACTION", ActedBy.of(CECILIA), NOW, null))
                    .when(attachSecond(LATER))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("closed"));
        }

        @Test
        void movingTheIntakeOnDoesNotRestartTheAssessmentClock() {
            fixture.given(intakeFromPolice())
                    .when(new ChangePhase(CASE, Phase.PRELIMINARY_ASSESSMENT, null, ANNA, LATER))
                    .expectEvents(new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), LATER));
        }
    }

    @Nested
    class SafetyAndAssessment {
        @Test
        void recordingTheSafetyAssessmentMeetsItsSameDayDeadline() {
            fixture.given(intakeFromPolice())
                    .when(new RecordSafetyAssessment(CASE, FIRST, true, null, ANNA, NOW))
                    .expectEvents(new SafetyAssessed(CASE, FIRST, POLICE, true, TODAY, ActedBy.of(ANNA), NOW),
                            met(FIRST, DeadlineKind.SAFETY_ASSESSMENT, TODAY, TODAY, ANNA, NOW));
        }

        @Test
        void theSafetyAssessmentIsRecordedOnce() {
            fixture.given(intakeFromPolice()).andGiven(safetyAssessed(FIRST, POLICE))
                    .when(new RecordSafetyAssessment(CASE, FIRST, false, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("was recorded on"));
        }

        @Test
        void anUnknownReportIsNotFound() {
            fixture.given(intakeFromPolice())
                    .when(new RecordSafetyAssessment(CASE, "no-such-report", false, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("does not exist"));
        }

        @Test
        void aReportIsAssessedOnlyAfterItsSafetyAssessment() {
            fixture.given(intakeFromPolice())
                    .when(new AssessReport(CASE, FIRST, ReportStatus.NO_INVESTIGATION, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("safety assessment"));
        }

        @Test
        void noInvestigationOnOneReportMeetsItsAssessmentDeadline() {
            fixture.given(intakeFromPolice()).andGiven(safetyAssessed(FIRST, POLICE))
                    .when(new AssessReport(CASE, FIRST, ReportStatus.NO_INVESTIGATION, null, ANNA, LATER))
                    .expectEvents(new ReportAssessed(CASE, FIRST, POLICE, "NO_INVESTIGATION", LATER_DAY, ActedBy.of(ANNA), LATER),
                            met(FIRST, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), LATER_DAY, ANNA, LATER));
        }

        @Test
        void anInvestigationOfAnIntakeIsOpenedByTheCasesPhaseChangeNotOnOneReport() {
            fixture.given(intakeFromPolice()).andGiven(safetyAssessed(FIRST, POLICE))
                    .when(new AssessReport(CASE, FIRST, ReportStatus.INVESTIGATION_OPENED, null, ANNA, LATER))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("phase-changes"));
        }

        @Test
        void openingTheInvestigationConcludesEveryPendingReport() {
            fixture.given(intakeFromPolice())
                    .andGiven(attachedSecond())
                    .andGiven(new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), NOW))
                    .when(new ChangePhase(CASE, Phase.INVESTIGATION, null, ANNA, LATER))
                    .expectEvents(new PhaseChanged(CASE, Phase.PRELIMINARY_ASSESSMENT, Phase.INVESTIGATION, ActedBy.of(ANNA), LATER),
                            met(FIRST, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), LATER_DAY, ANNA, LATER),
                            met(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), LATER_DAY, ANNA, LATER),
                            new DeadlineScheduled(CASE, investigationDeadline(), DeadlineKind.INVESTIGATION,
                                    LATER_DAY.plusMonths(4), null, LATER),
                            new ReportAssessed(CASE, FIRST, POLICE, "INVESTIGATION_OPENED", LATER_DAY, ActedBy.of(ANNA), LATER),
                            new ReportAssessed(CASE, SECOND, SCHOOL, "INVESTIGATION_OPENED", LATER_DAY, ActedBy.of(ANNA), LATER));
        }

        @Test
        void closingTheCaseIsTheDecisionNotToInvestigateWhatIsStillPending() {
            fixture.given(intakeFromPolice())
                    .when(new CloseCase(CASE, CaseOutcome.NO_FURTHER_ACTION, null, CECILIA, LATER))
                    .expectEvents(new ReportAssessed(CASE, FIRST, POLICE, "NO_INVESTIGATION", LATER_DAY, ActedBy.of(CECILIA), LATER),
                            met(FIRST, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), LATER_DAY, CECILIA, LATER),
                            new CaseClosed(CASE, Phase.INTAKE, "NO_FURTHER_ACTION", ActedBy.of(CECILIA), LATER, null));
        }

        @Test
        void aReportOnACaseWithAPlanMayOpenANewInvestigation() {
            fixture.given(intakeFromPolice())
                    .andGiven(new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), NOW),
                            new PhaseChanged(CASE, Phase.PRELIMINARY_ASSESSMENT, Phase.INVESTIGATION, ActedBy.of(ANNA), NOW),
                            new ReportAssessed(CASE, FIRST, POLICE, "INVESTIGATION_OPENED", TODAY, ActedBy.of(ANNA), NOW),
                            new PhaseChanged(CASE, Phase.INVESTIGATION, Phase.PLANNING, ActedBy.of(ANNA), NOW))
                    .andGiven(attachedSecond())
                    .andGiven(safetyAssessed(SECOND, SCHOOL))
                    .when(new AssessReport(CASE, SECOND, ReportStatus.INVESTIGATION_OPENED, null, ANNA, LATER))
                    .expectEvents(new ReportAssessed(CASE, SECOND, SCHOOL, "INVESTIGATION_OPENED", LATER_DAY, ActedBy.of(ANNA), LATER),
                            met(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), LATER_DAY, ANNA, LATER));
        }
    }

    @Nested
    class Forwarding {
        /**
         * The receiving leg copies the sending case's subject: it must be the subject under the level in force now,
         * not the level stored when the case opened, or a protection raised after opening is lost on the way.
         */
        @Test
        void theSubjectAForwardingSendsOnCarriesTheProtectionInForceNotTheOneItOpenedWith() {
            List<CaseEvent> raisedAfterOpening = new java.util.ArrayList<>(intakeFromPolice());
            raisedAfterOpening.add(new ProtectedIdentityChanged(CASE, se.samverkan.contracts.ProtectedIdentity.NONE,
                    se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(CECILIA), NOW));
            CaseFile file = CaseFile.of(raisedAfterOpening);

            Subject sentOn = RetainedView.of(file).subject().orElseThrow();
            org.assertj.core.api.Assertions.assertThat(sentOn.protectedIdentity())
                    .isEqualTo(se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
            org.assertj.core.api.Assertions.assertThat(sentOn.address()).as("the same person").isEqualTo(KIM.address());
            org.assertj.core.api.Assertions.assertThat(CaseFile.restore(file.snapshot()).subject().protectedIdentity())
                    .as("and after a snapshot").isEqualTo(se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING);

            CaseFile received = CaseFile.of(Intake.decide(new ReceiveReport(OTHER_CASE, FIRST, "0127", "botkyrka-avhopp",
                    SUBJECT, sentOn, "Rån", POLICE, EnumSet.noneOf(ConcernType.class), "0136", "haninge-ungdom", null, null,
                    null, LATER), STOCKHOLM));
            org.assertj.core.api.Assertions.assertThat(received.protectedIdentity()).as("the receiving case")
                    .isEqualTo(se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
        }

        @Test
        void aReportIsForwardedOnlyAfterItsSafetyAssessment() {
            fixture.given(intakeFromPolice())
                    .when(new ForwardReport(CASE, FIRST, "0136", "haninge-avhopp", ForwardingReason.OTHER_UNIT_RESPONSIBLE, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("safety assessment"));
        }

        @Test
        void forwardingTheReportThatAloneOpenedAnIntakeClosesItAsTransferred() {
            fixture.given(intakeFromPolice()).andGiven(safetyAssessed(FIRST, POLICE))
                    .when(new ForwardReport(CASE, FIRST, "0127", "botkyrka-avhopp", ForwardingReason.RESIDES_IN_OTHER_MUNICIPALITY,
                            null, ANNA, LATER))
                    .expectEvents(new ReportForwarded(CASE, FIRST, POLICE, "0127", "botkyrka-avhopp",
                                    "RESIDES_IN_OTHER_MUNICIPALITY", LATER_DAY, ActedBy.of(ANNA), LATER),
                            met(FIRST, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), LATER_DAY, ANNA, LATER),
                            new CaseClosed(CASE, Phase.INTAKE, CaseOutcome.TRANSFERRED.name(), ActedBy.of(ANNA), LATER, null));
        }

        @Test
        void forwardingAnAttachedReportLeavesTheCaseOpen() {
            fixture.given(intakeFromPolice()).andGiven(attachedSecond()).andGiven(safetyAssessed(SECOND, SCHOOL))
                    .when(new ForwardReport(CASE, SECOND, "0136", "haninge-avhopp", ForwardingReason.KNOWN_TO_OTHER_UNIT,
                            null, ANNA, LATER))
                    .expectEvents(new ReportForwarded(CASE, SECOND, SCHOOL, "0136", "haninge-avhopp", "KNOWN_TO_OTHER_UNIT",
                                    LATER_DAY, ActedBy.of(ANNA), LATER),
                            met(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), LATER_DAY, ANNA, LATER));
        }

        @Test
        void aReportIsNotForwardedToItsOwnUnitNorBackToWhereItCameFrom() {
            fixture.given(intakeFromPolice()).andGiven(safetyAssessed(FIRST, POLICE))
                    .when(new ForwardReport(CASE, FIRST, "0136", "haninge-ungdom", ForwardingReason.OTHER, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("already in"));
            fixture.given(new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM, List.of(),
                            CaseOrigin.POLICE_REPORT, Phase.INTAKE, null, NOW),
                    new ReportReceived(CASE, FIRST, POLICE, List.of(), "Rån", false, "0136", "haninge-avhopp", TODAY,
                            TODAY.plusDays(14), null, NOW), safetyAssessed(FIRST, POLICE))
                    .when(new ForwardReport(CASE, FIRST, "0136", "haninge-avhopp", ForwardingReason.OTHER, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("has already been at haninge-avhopp"));
        }

        @Test
        void aReportIsNotSentRoundALoopToAUnitItPassedEarlier() {
            // received here from botkyrka-avhopp, which had it from haninge-avhopp, which had it from this very unit
            fixture.given(receivedFromBotkyrka())
                    .when(new ForwardReport(CASE, FIRST, "0136", "haninge-avhopp", ForwardingReason.OTHER, null, ANNA, NOW,
                            List.of(new ForwardingRoute.Stop("0136", "haninge-avhopp"), new ForwardingRoute.Stop("0127", "botkyrka-avhopp"))))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(containsString("has already been at haninge-avhopp (0136)"));
            // a unit it never passed is fine
            fixture.given(receivedFromBotkyrka())
                    .when(new ForwardReport(CASE, FIRST, "0127", "botkyrka-ungdom", ForwardingReason.OTHER, null, ANNA, NOW,
                            List.of(new ForwardingRoute.Stop("0136", "haninge-avhopp"), new ForwardingRoute.Stop("0127", "botkyrka-avhopp"))))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void theRouteAReportArrivedWithRefusesTheLoopBeforeAnyReadModelHasTheEarlierLegs() {
            // the report came with its route (haninge-avhopp, then botkyrka-avhopp); the intake's read model knows no leg yet
            List<CaseEvent> arrivedWithRoute = List.of(new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom",
                            SUBJECT, KIM, List.of(), CaseOrigin.POLICE_REPORT, Phase.INTAKE, null, NOW),
                    new ReportReceived(CASE, FIRST, POLICE, List.of(), "Rån", false, "0127", "botkyrka-avhopp", TODAY,
                            TODAY.plusDays(14), null, NOW,
                            List.of(new ForwardingRoute.Stop("0136", "haninge-avhopp"), new ForwardingRoute.Stop("0127", "botkyrka-avhopp"))),
                    safetyAssessed(FIRST, POLICE));
            fixture.given(arrivedWithRoute)
                    .when(new ForwardReport(CASE, FIRST, "0136", "haninge-avhopp", ForwardingReason.OTHER, null, ANNA, NOW, List.of()))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(containsString("has already been at haninge-avhopp (0136)"));
            fixture.given(arrivedWithRoute)
                    .when(new ForwardReport(CASE, FIRST, "0127", "botkyrka-ungdom", ForwardingReason.OTHER, null, ANNA, NOW, List.of()))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void aForwardedReportIsTheOtherUnitsToAssess() {
            fixture.given(intakeFromPolice()).andGiven(attachedSecond()).andGiven(safetyAssessed(SECOND, SCHOOL))
                    .andGiven(new ReportForwarded(CASE, SECOND, SCHOOL, "0136", "haninge-avhopp", "OTHER", TODAY, ActedBy.of(ANNA), NOW))
                    .when(new AssessReport(CASE, SECOND, ReportStatus.NO_INVESTIGATION, null, ANNA, LATER))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("forwarded to haninge-avhopp"));
        }

        @Test
        void anAssessedReportIsNotForwarded() {
            fixture.given(intakeFromPolice()).andGiven(safetyAssessed(FIRST, POLICE),
                            new ReportAssessed(CASE, FIRST, POLICE, "NO_INVESTIGATION", TODAY, ActedBy.of(ANNA), NOW))
                    .when(new ForwardReport(CASE, FIRST, "0136", "haninge-avhopp", ForwardingReason.OTHER, null, ANNA, LATER))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("was assessed here"));
        }
    }

    /** An intake whose report came here from botkyrka-avhopp, safety-assessed. */
    static List<CaseEvent> receivedFromBotkyrka() {
        return List.of(new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM, List.of(),
                        CaseOrigin.POLICE_REPORT, Phase.INTAKE, null, NOW),
                new ReportReceived(CASE, FIRST, POLICE, List.of(), "Rån", false, "0127", "botkyrka-avhopp", TODAY,
                        TODAY.plusDays(14), null, NOW),
                safetyAssessed(FIRST, POLICE));
    }

    static List<CaseEvent> attachedSecond() {
        return List.of(new ReportReceived(CASE, SECOND, SCHOOL, List.of("SCHOOL_ABSENCE"), "Oro från skolan", true, null, null,
                        TODAY, TODAY.plusDays(14), ActedBy.of(INGRID), NOW),
                scheduled(SECOND, DeadlineKind.SAFETY_ASSESSMENT, TODAY, NOW),
                scheduled(SECOND, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), NOW));
    }

    /** The first-contact deadline's id as Deadlines derives it (case, kind, moment). */
    static String fixtureFamilyDeadline() {
        return java.util.UUID.nameUUIDFromBytes((CASE + ":" + DeadlineKind.FIRST_FAMILY_CONTACT + ":" + NOW)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    static String investigationDeadline() {
        return java.util.UUID.nameUUIDFromBytes((CASE + ":" + DeadlineKind.INVESTIGATION + ":" + LATER)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
