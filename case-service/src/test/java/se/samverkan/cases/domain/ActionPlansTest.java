package se.samverkan.cases.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting.NewCommitment;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting.NewParticipant;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.CommitmentOutcome;
import se.samverkan.contracts.vocabulary.CommitmentType;
import se.samverkan.contracts.vocabulary.ParticipantRole;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.test.TestUser;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.domain.CaseAggregateTest.*;

/**
 * Issue 15, joint action plans, given-when-then: a coordination meeting names its participants by role and
 * organisation (staff accounts checked against the directory), what was agreed and the commitments; reminders go to
 * the owner only within a consent naming their organisation for joint planning that holds that day, otherwise to the
 * team; only the owner reports their commitment done, and only while they may see it; the team follows each up once.
 */
class ActionPlansTest {

    static final Actor INGRID = TestUser.SCHOOL_COUNSELLOR.actor();
    static final Actor JONAS = TestUser.FIELD_ASSISTANT.actor();
    static final String MEETING = "11111111-2222-4333-8444-555555555555";
    static final String COMMITMENT = "21111111-2222-4333-8444-555555555555";
    static final String P_ANNA = "31111111-2222-4333-8444-555555555555";
    static final String P_INGRID = "41111111-2222-4333-8444-555555555555";
    static final String P_GUARDIAN = "51111111-2222-4333-8444-555555555555";
    static final ConsentId SCHOOL_CONSENT = new ConsentId(UUID.fromString("61111111-2222-4333-8444-555555555555"));
    static final LocalDate DUE = TODAY.plusDays(10);

    FixtureConfiguration<CaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseAggregate.class);
        fixture.registerInjectableResource(DEMO_STAFF);
        fixture.registerInjectableResource(STOCKHOLM);
    }

    static NewParticipant anna() {
        return new NewParticipant(P_ANNA, ParticipantRole.SOCIAL_SERVICES, Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom", ANNA.userId());
    }

    static NewParticipant ingrid() {
        return new NewParticipant(P_INGRID, ParticipantRole.SCHOOL, Agency.MUNICIPALITY, "0136", "haninge-skola", INGRID.userId());
    }

    static NewParticipant guardian() {
        return new NewParticipant(P_GUARDIAN, ParticipantRole.GUARDIAN, null, null, null, null);
    }

    static RecordCoordinationMeeting meeting(List<NewParticipant> participants, boolean plan, List<NewCommitment> commitments) {
        return new RecordCoordinationMeeting(CASE, MEETING, TODAY, participants, "Kim går till skolan varje dag", plan,
                commitments, null, ANNA, NOW);
    }

    static NewCommitment schoolCommitment() {
        return new NewCommitment(COMMITMENT, 1, CommitmentType.SCHOOL_ATTENDANCE_FOLLOW_UP, "Ring hem vid frånvaro", DUE);
    }

    static CoordinationMeetingRecorded recorded() {
        return new CoordinationMeetingRecorded(CASE, MEETING, TODAY, List.of(
                new MeetingParticipant(P_ANNA, "SOCIAL_SERVICES", Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom", ANNA.userId()),
                new MeetingParticipant(P_INGRID, "SCHOOL", Agency.MUNICIPALITY, "0136", "haninge-skola", INGRID.userId()),
                new MeetingParticipant(P_GUARDIAN, "GUARDIAN", null, null, null, null)),
                "Kim går till skolan varje dag", true, ActedBy.of(ANNA), NOW);
    }

    static CommitmentMade made(boolean ownerNotified) {
        return new CommitmentMade(CASE, COMMITMENT, MEETING, P_INGRID, "SCHOOL", Agency.MUNICIPALITY, "0136", "haninge-skola",
                INGRID.userId(), "SCHOOL_ATTENDANCE_FOLLOW_UP", "Ring hem vid frånvaro", DUE, ownerNotified, ActedBy.of(ANNA), NOW);
    }

    static ConsentRecorded schoolConsent(Set<DataCategory> categories, List<String> purposes, LocalDate until) {
        return new ConsentRecorded(CASE, SCHOOL_CONSENT, PARTIES, Agency.MUNICIPALITY, "haninge-skola", purposes, categories,
                TODAY.minusDays(1), until, "Samtycke 2026-301", ActedBy.of(ANNA), NOW);
    }

    static ConsentRecorded schoolConsent() {
        return schoolConsent(EnumSet.of(DataCategory.MEASURES, DataCategory.CASE_SUMMARY), List.of("JOINT_PLANNING"), TODAY.plusDays(90));
    }

    static Instant daysLater(int days) {
        return NOW.plus(java.time.Duration.ofDays(days));
    }

    @Nested
    class RecordingAMeeting {

        @Test
        void theMeetingAndEachCommitmentAreRecordedAndTheOwnerIsToldOnlyWithAConsentNamingTheSchool() {
            fixture.given(opened())
                    .when(meeting(List.of(anna(), ingrid(), guardian()), true, List.of(schoolCommitment())))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(recorded(), made(false));
            fixture.given(opened(), schoolConsent())
                    .when(meeting(List.of(anna(), ingrid(), guardian()), true, List.of(schoolCommitment())))
                    .expectEvents(recorded(), made(true));
        }

        @Test
        void aMeetingWithoutAPlanRecordsNoCommitments() {
            fixture.given(opened())
                    .when(meeting(List.of(anna(), ingrid()), false, List.of(schoolCommitment())))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("action plan"))
                    .expectNoEvents();
        }

        @Test
        void staffNeedAnOrganisationOfTheirRolesAgencyAndGuardiansAndTheYouthTakePartAsPersons() {
            for (NewParticipant refused : List.of(
                    new NewParticipant(P_INGRID, ParticipantRole.SCHOOL, null, null, null, null),
                    new NewParticipant(P_INGRID, ParticipantRole.POLICE, Agency.MUNICIPALITY, "0136", "haninge-skola", null),
                    new NewParticipant(P_INGRID, ParticipantRole.SCHOOL, Agency.POLICE, "0136", "polisen-haninge", null),
                    new NewParticipant(P_GUARDIAN, ParticipantRole.GUARDIAN, Agency.MUNICIPALITY, "0136", "haninge-skola", null),
                    new NewParticipant(P_GUARDIAN, ParticipantRole.YOUTH, null, null, null, INGRID.userId()))) {
                fixture.given(opened())
                        .when(meeting(List.of(anna(), refused), false, List.of()))
                        .expectException(ClientProblem.class)
                        .expectExceptionMessage(org.hamcrest.Matchers.containsString("participants[1]"))
                        .expectNoEvents();
            }
        }

        @Test
        void aUserIdMustBeActiveStaffOfTheOrganisationNamed() {
            for (String userId : List.of("no-such-user", JONAS.userId(), DAVID.userId(),
                    TestUser.SOCIAL_WORKER_COLLEAGUE.id() /* disabled in this directory */)) {
                fixture.given(opened())
                        .when(meeting(List.of(anna(), new NewParticipant(P_INGRID, ParticipantRole.SCHOOL, Agency.MUNICIPALITY,
                                "0136", "haninge-skola", userId)), false, List.of()))
                        .expectException(ClientProblem.class)
                        .expectExceptionMessage(org.hamcrest.Matchers.containsString(userId))
                        .expectNoEvents();
            }
            // the same school in another municipality's name is not ingrid's organisation either
            fixture.given(opened())
                    .when(meeting(List.of(new NewParticipant(P_INGRID, ParticipantRole.SCHOOL, Agency.MUNICIPALITY, "0127",
                            "haninge-skola", INGRID.userId())), false, List.of()))
                    .expectException(ClientProblem.class)
                    .expectNoEvents();
        }

        @Test
        void aCommitmentIsOwnedByAParticipantAndDueOnOrAfterTheMeeting() {
            fixture.given(opened())
                    .when(meeting(List.of(anna(), ingrid()), true, List.of(new NewCommitment(COMMITMENT, 2,
                            CommitmentType.OTHER, null, DUE))))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("commitments[0].participant"))
                    .expectNoEvents();
            fixture.given(opened())
                    .when(meeting(List.of(anna(), ingrid()), true, List.of(new NewCommitment(COMMITMENT, 1,
                            CommitmentType.OTHER, null, TODAY.minusDays(1)))))
                    .expectException(ClientProblem.class)
                    .expectNoEvents();
        }

        @Test
        void aMeetingIsRecordedOnceItWasHeldWhileTheCaseIsOpen() {
            fixture.given(opened())
                    .when(new RecordCoordinationMeeting(CASE, MEETING, TODAY.plusDays(1), List.of(anna()), null, false,
                            List.of(), null, ANNA, NOW))
                    .expectException(ClientProblem.class)
                    .expectNoEvents();
            fixture.given(opened())
                    .when(new RecordCoordinationMeeting(CASE, MEETING, TODAY.minusDays(1), List.of(anna()), null, false,
                            List.of(), null, ANNA, NOW))
                    .expectException(ClientProblem.class)
                    .expectNoEvents();
            fixture.given(opened(), new CaseClosed(CASE, Phase.INTAKE, CaseOutcome.GOALS_MET.name(), ActedBy.of(ANNA), NOW, null))
                    .when(meeting(List.of(anna()), false, List.of()))
                    .expectException(ClientProblem.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Reminders {

        @Test
        void theOwnerIsRemindedWithinAConsentOtherwiseTheTeam() {
            fixture.given(opened(), recorded(), made(false), schoolConsent())
                    .when(new MarkCommitmentDueSoon(CASE, COMMITMENT, null, daysLater(8)))
                    .expectEvents(new CommitmentDueSoon(CASE, COMMITMENT, DUE, INGRID.userId(), Agency.MUNICIPALITY,
                            "haninge-skola", null, daysLater(8)));
            fixture.given(opened(), recorded(), made(false))
                    .when(new MarkCommitmentDueSoon(CASE, COMMITMENT, null, daysLater(8)))
                    .expectEvents(new CommitmentDueSoon(CASE, COMMITMENT, DUE, null, Agency.MUNICIPALITY, "haninge-skola",
                            null, daysLater(8)));
        }

        @Test
        void aWithdrawnOrExpiredConsentSendsTheReminderToTheTeamInstead() {
            fixture.given(opened(), recorded(), made(true), schoolConsent(),
                            new ConsentWithdrawn(CASE, SCHOOL_CONSENT, Consent.PartyRole.GUARDIAN, TODAY, List.of(), ActedBy.of(ANNA), NOW))
                    .when(new MarkCommitmentOverdue(CASE, COMMITMENT, null, daysLater(11)))
                    .expectEvents(new CommitmentOverdue(CASE, COMMITMENT, DUE, null, Agency.MUNICIPALITY, "haninge-skola",
                            null, daysLater(11)));
            fixture.given(opened(), recorded(), made(true), schoolConsent(EnumSet.of(DataCategory.MEASURES),
                            List.of("JOINT_PLANNING"), TODAY.plusDays(5)))
                    .when(new MarkCommitmentOverdue(CASE, COMMITMENT, null, daysLater(11)))
                    .expectEvents(new CommitmentOverdue(CASE, COMMITMENT, DUE, null, Agency.MUNICIPALITY, "haninge-skola",
                            null, daysLater(11)));
        }

        @Test
        void marksAreIdempotentAndStopOnceTheOwnerReportedOrTheCaseClosed() {
            fixture.given(opened(), recorded(), made(false), new CommitmentDueSoon(CASE, COMMITMENT, DUE, null,
                            Agency.MUNICIPALITY, "haninge-skola", null, daysLater(8)))
                    .when(new MarkCommitmentDueSoon(CASE, COMMITMENT, null, daysLater(9)))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(opened(), recorded(), made(false))
                    .when(new MarkCommitmentOverdue(CASE, COMMITMENT, null, daysLater(9)))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(opened(), recorded(), made(true), new CommitmentReportedDone(CASE, COMMITMENT, TODAY, null,
                            ActedBy.of(INGRID), NOW))
                    .when(new MarkCommitmentOverdue(CASE, COMMITMENT, null, daysLater(11)))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
            fixture.given(opened(), recorded(), made(false), new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null))
                    .when(new MarkCommitmentOverdue(CASE, COMMITMENT, null, daysLater(11)))
                    .expectSuccessfulHandlerExecution().expectNoEvents();
        }
    }

    @Nested
    class FollowUp {

        @Test
        void theOwnerReportsDoneWithinAConsentAndTheTeamFollowsUpOnce() {
            fixture.given(opened(), recorded(), made(true), schoolConsent())
                    .when(new ReportCommitmentDone(CASE, COMMITMENT, "Närvaron är god", INGRID, daysLater(3)))
                    .expectEvents(new CommitmentReportedDone(CASE, COMMITMENT, TODAY.plusDays(3), "Närvaron är god",
                            ActedBy.of(INGRID), daysLater(3)));
            fixture.given(opened(), recorded(), made(true), new CommitmentReportedDone(CASE, COMMITMENT, TODAY, null,
                            ActedBy.of(INGRID), NOW))
                    .when(new FollowUpCommitment(CASE, COMMITMENT, CommitmentOutcome.PARTLY_KEPT, null, null, ANNA, daysLater(12)))
                    .expectEvents(new CommitmentFollowedUp(CASE, COMMITMENT, "PARTLY_KEPT", TODAY.plusDays(12), DUE,
                            ActedBy.of(ANNA), daysLater(12)));
            fixture.given(opened(), recorded(), made(true), new CommitmentFollowedUp(CASE, COMMITMENT, "KEPT", TODAY, DUE,
                            ActedBy.of(ANNA), NOW))
                    .when(new FollowUpCommitment(CASE, COMMITMENT, CommitmentOutcome.NOT_KEPT, null, null, ANNA, daysLater(12)))
                    .expectException(ClientProblem.class).expectNoEvents();
        }

        @Test
        void nobodyButTheOwnerWithAHoldingConsentReportsDone() {
            // another school's counsellor, a colleague of the field assistants, the police: not the owner
            for (Actor other : List.of(JONAS, DAVID, new Actor("x", Set.of(se.samverkan.platform.identity.Role.CONCERN_REPORTER),
                    Agency.MUNICIPALITY, "0127", "haninge-skola"))) {
                fixture.given(opened(), recorded(), made(true), schoolConsent())
                        .when(new ReportCommitmentDone(CASE, COMMITMENT, null, other, daysLater(3)))
                        .expectException(ClientProblem.class).expectNoEvents();
            }
            // the owner without a consent for joint planning, covering measures
            for (ConsentRecorded consent : List.of(
                    schoolConsent(EnumSet.of(DataCategory.MEASURES), List.of("CRIME_PREVENTION"), TODAY.plusDays(90)),
                    schoolConsent(EnumSet.of(DataCategory.CASE_SUMMARY), List.of("JOINT_PLANNING"), TODAY.plusDays(90)),
                    schoolConsent(EnumSet.of(DataCategory.MEASURES), List.of("JOINT_PLANNING"), TODAY.plusDays(1)))) {
                fixture.given(opened(), recorded(), made(true), consent)
                        .when(new ReportCommitmentDone(CASE, COMMITMENT, null, INGRID, daysLater(3)))
                        .expectException(ClientProblem.class).expectNoEvents();
            }
        }

        @Test
        void aFollowUpIsDatedBetweenTheMeetingAndToday() {
            fixture.given(opened(), recorded(), made(false))
                    .when(new FollowUpCommitment(CASE, COMMITMENT, CommitmentOutcome.KEPT, TODAY.plusDays(30), null, ANNA, daysLater(12)))
                    .expectException(ClientProblem.class).expectNoEvents();
            fixture.given(opened(), recorded(), made(false))
                    .when(new FollowUpCommitment(CASE, "no-such", CommitmentOutcome.KEPT, null, null, ANNA, daysLater(12)))
                    .expectException(ClientProblem.class).expectNoEvents();
        }
    }

    @Nested
    class Visibility {

        CaseFile file(CaseEvent... more) {
            List<CaseEvent> events = new java.util.ArrayList<>(List.of(opened(), recorded(), made(false)));
            events.addAll(List.of(more));
            return CaseFile.of(events);
        }

        Commitment commitment(CaseFile file) {
            return file.commitment(COMMITMENT).orElseThrow();
        }

        @Test
        void onlyAHoldingConsentNamingTheOwnersOrganisationForJointPlanningWithMeasuresGrantsAnything() {
            CaseFile none = file();
            assertThat(CommitmentVisibility.granted(none, commitment(none), TODAY)).isEmpty();
            CaseFile valid = file(schoolConsent(EnumSet.of(DataCategory.MEASURES, DataCategory.IDENTITY), List.of("JOINT_PLANNING"),
                    TODAY.plusDays(30)));
            assertThat(CommitmentVisibility.granted(valid, commitment(valid), TODAY))
                    .containsExactlyInAnyOrder(DataCategory.MEASURES, DataCategory.IDENTITY);
            assertThat(CommitmentVisibility.granted(valid, commitment(valid), TODAY.plusDays(31))).as("expired").isEmpty();
            assertThat(CommitmentVisibility.granted(valid, commitment(valid), TODAY.minusDays(2))).as("not yet valid").isEmpty();
            CaseFile otherPurpose = file(schoolConsent(EnumSet.of(DataCategory.MEASURES), List.of("FOLLOW_UP"), TODAY.plusDays(30)));
            assertThat(CommitmentVisibility.granted(otherPurpose, commitment(otherPurpose), TODAY)).isEmpty();
            CaseFile noMeasures = file(schoolConsent(EnumSet.of(DataCategory.CASE_SUMMARY, DataCategory.IDENTITY),
                    List.of("JOINT_PLANNING"), TODAY.plusDays(30)));
            assertThat(CommitmentVisibility.granted(noMeasures, commitment(noMeasures), TODAY)).isEmpty();
            CaseFile otherUnit = file(new ConsentRecorded(CASE, SCHOOL_CONSENT, PARTIES, Agency.MUNICIPALITY, "haninge-fritid",
                    List.of("JOINT_PLANNING"), EnumSet.of(DataCategory.MEASURES), TODAY, TODAY.plusDays(30), "x", ActedBy.of(ANNA), NOW));
            assertThat(CommitmentVisibility.granted(otherUnit, commitment(otherUnit), TODAY)).isEmpty();
            CaseFile otherAgency = file(new ConsentRecorded(CASE, SCHOOL_CONSENT, PARTIES, Agency.POLICE, "haninge-skola",
                    List.of("JOINT_PLANNING"), EnumSet.of(DataCategory.MEASURES), TODAY, TODAY.plusDays(30), "x", ActedBy.of(ANNA), NOW));
            assertThat(CommitmentVisibility.granted(otherAgency, commitment(otherAgency), TODAY)).isEmpty();
            CaseFile withdrawn = file(schoolConsent(), new ConsentWithdrawn(CASE, SCHOOL_CONSENT, Consent.PartyRole.SUBJECT, TODAY,
                    List.of(), ActedBy.of(ANNA), NOW));
            assertThat(CommitmentVisibility.granted(withdrawn, commitment(withdrawn), TODAY)).isEmpty();
            CaseFile closed = file(schoolConsent(), new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null));
            assertThat(CommitmentVisibility.granted(closed, commitment(closed), TODAY)).isEmpty();
        }

        @Test
        void aClearedJournalKeepsCodesDatesAndOutcomesButNoText() {
            CaseFile cleared = file(new CommitmentReportedDone(CASE, COMMITMENT, TODAY, "Klart", ActedBy.of(INGRID), NOW),
                    new DocumentsCleared(CASE, EnumSet.of(DocumentType.JOURNAL), TODAY, null, NOW));
            RetainedView retained = RetainedView.of(cleared);
            assertThat(retained.commitments().getFirst().text()).isNull();
            assertThat(retained.commitments().getFirst().reportText()).isNull();
            assertThat(retained.commitments().getFirst().commitmentType()).isEqualTo("SCHOOL_ATTENDANCE_FOLLOW_UP");
            assertThat(retained.meetings().getFirst().agreedText()).isNull();
            assertThat(retained.meetings().getFirst().participants()).hasSize(3);
        }
    }
}
