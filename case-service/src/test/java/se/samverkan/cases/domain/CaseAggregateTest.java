package se.samverkan.cases.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.cases.domain.Consent.ConsentParty;
import se.samverkan.cases.domain.Consent.PartyRole;
import se.samverkan.contracts.*;
import se.samverkan.contracts.vocabulary.*;
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
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

class CaseAggregateTest {

    static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final Actor ANNA = TestUser.SOCIAL_WORKER.actor();
    static final Actor CECILIA = TestUser.SUPERVISOR.actor();
    static final Actor DAVID = TestUser.POLICE_LIAISON.actor();
    static final Actor OTHER_POLICE = new Actor("p2", Set.of(se.samverkan.platform.identity.Role.POLICE_LIAISON), Agency.POLICE, "0136", "polisen-sodertorn");
    static final String GUARDIAN = "198706142836";
    static final Subject KIM = new Subject("201003159124", "Kim", LocalDate.of(2010, 3, 15), "Vägen 1",
            List.of(new Subject.Guardian(GUARDIAN, "Vera")), ProtectedIdentity.NONE);
    static final SubjectId SUBJECT = new SubjectId(UUID.randomUUID());
    static final CaseId CASE = CaseId.random();
    static final ConsentId CONSENT = new ConsentId(UUID.randomUUID());
    static final ReferralId REFERRAL = new ReferralId(UUID.randomUUID());
    static final String POLICE_UNIT = "polisen-haninge";
    static final Set<DataCategory> SHARED = EnumSet.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY);
    static final List<ConsentParty> PARTIES = List.of(new ConsentParty(PartyRole.SUBJECT, KIM.personalIdentityNumber()),
            new ConsentParty(PartyRole.GUARDIAN, GUARDIAN));

    /** The demo users as the directory knows them (amir was disabled in this directory to test the rule). */
    static final StaffDirectory DEMO_STAFF = userId -> se.samverkan.platform.test.TestUser.all().stream()
            .filter(user -> user.id().equals(userId))
            .map(user -> new StaffMember(user.id(), user.agency(), user.municipality(), user.unit(), user.roles(),
                    !user.equals(se.samverkan.platform.test.TestUser.SOCIAL_WORKER_COLLEAGUE)))
            .findFirst();

    /** The service's default zone; {@link CaseCalendarTest} shows the aggregate follows whatever zone is configured. */
    static final CaseCalendar STOCKHOLM = new CaseCalendar(java.time.ZoneId.of("Europe/Stockholm"));

    FixtureConfiguration<CaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseAggregate.class);
        fixture.registerInjectableResource(CaseAggregateTest.DEMO_STAFF);
        fixture.registerInjectableResource(CaseAggregateTest.STOCKHOLM);
    }

    static CaseOpened opened(Program program) {
        return new CaseOpened(CASE, program, "0136", "haninge-ungdom", SUBJECT, KIM, List.of(ANNA.userId()),
                CaseOrigin.SOCIAL_SERVICES, Phase.INTAKE, ActedBy.of(ANNA), NOW);
    }

    static CaseOpened opened() {
        return opened(Program.RAPID_INTERVENTION);
    }

    static ConsentRecorded consent(LocalDate from, LocalDate until) {
        return new ConsentRecorded(CASE, CONSENT, PARTIES, Agency.POLICE, POLICE_UNIT, List.of("CRIME_PREVENTION"), SHARED,
                from, until, "dok-1", ActedBy.of(ANNA), NOW);
    }

    static ConsentRecorded consent() {
        return consent(TODAY.minusDays(1), TODAY.plusDays(90));
    }

    static ReferralSnapshot snapshot() {
        return ReferralSnapshot.of(SHARED, KIM, List.of(), "Sammanfattning", null, true);
    }

    static final LegalBasisRule BY_CONSENT = LegalBasisCatalogue.national(LegalBasis.CONSENT);
    static final LegalBasisRule OSL_10_18A = LegalBasisCatalogue.national(LegalBasis.OSL_10_18A);
    static final LegalBasisRule OSL_10_2 = LegalBasisCatalogue.national(LegalBasis.OSL_10_2);

    static ReferralSent sent() {
        return new ReferralSent(CASE, REFERRAL, POLICE_UNIT, "CONSENT", CONSENT, SHARED, snapshot(), null, ActedBy.of(ANNA), NOW, null,
                null, BY_CONSENT.applied());
    }

    static CreateReferral createByConsent(Set<DataCategory> categories) {
        return new CreateReferral(CASE, REFERRAL, POLICE_UNIT, BY_CONSENT, null, CONSENT, categories, "Sammanfattning",
                null, null, null, ANNA, NOW);
    }

    @Nested
    class Opening {
        @Test
        void opensInIntakeWithTheTeam() {
            fixture.givenNoPriorActivity()
                    .when(new OpenCase(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                            List.of(ANNA.userId(), ANNA.userId()), CaseOrigin.SOCIAL_SERVICES, null, ANNA, NOW))
                    .expectEvents(opened());
        }

        @Test
        void refusesAnEmptyTeam() {
            fixture.givenNoPriorActivity()
                    .when(new OpenCase(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                            List.of(), CaseOrigin.SOCIAL_SERVICES, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("at least one member"));
        }

        @Test
        void aPoliceReportOpensAnUnassignedIntakeWithItsClocksRunningFromReceipt() {
            ReportSource police = new ReportSource("POLICE", "POLICE", "0136", "polisen-haninge");
            fixture.givenNoPriorActivity()
                    .when(new ReceiveReport(CASE, "r1", "0136", "haninge-ungdom", SUBJECT, KIM, "Rån", police,
                            EnumSet.of(ConcernType.SUSPECTED_CRIME), null, null, null, null, DAVID, NOW))
                    .expectEvents(new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                                    List.of(), CaseOrigin.POLICE_REPORT, Phase.INTAKE, ActedBy.of(DAVID), NOW),
                            new ReportReceived(CASE, "r1", police, List.of("SUSPECTED_CRIME"), "Rån", false, null, null,
                                    TODAY, TODAY.plusDays(14), ActedBy.of(DAVID), NOW),
                            new DeadlineScheduled(CASE, Intake.deadlineId(CASE, "r1", DeadlineKind.SAFETY_ASSESSMENT),
                                    DeadlineKind.SAFETY_ASSESSMENT, TODAY, null, NOW),
                            new DeadlineScheduled(CASE, Intake.deadlineId(CASE, "r1", DeadlineKind.PRELIMINARY_ASSESSMENT),
                                    DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), null, NOW));
        }

        @Test
        void aPoliceReportNeedsASummary() {
            fixture.givenNoPriorActivity()
                    .when(new ReceiveReport(CASE, "r1", "0136", "haninge-ungdom", SUBJECT, KIM, " ",
                            new ReportSource("POLICE", "POLICE", "0136", "polisen-haninge"), Set.of(), null, null, null, null, DAVID, NOW))
                    .expectException(ClientProblem.class);
        }
    }

    @Nested
    class Work {
        @Test
        void assignsTeam() {
            fixture.given(opened()).when(new AssignCaseTeam(CASE, List.of(ANNA.userId(), CECILIA.userId()), 0L, CECILIA, NOW))
                    .expectEvents(new CaseTeamAssigned(CASE, List.of(ANNA.userId(), CECILIA.userId()), ActedBy.of(CECILIA), NOW));
        }

        @Test
        void refusesATeamWithThePoliceAnotherUnitAnUnknownOrAnInactiveUser() {
            fixture.given(opened()).when(new AssignCaseTeam(CASE, List.of(ANNA.userId(), DAVID.userId(),
                            TestUser.SOCIAL_WORKER_OTHER_UNIT.id(), "nobody", TestUser.SOCIAL_WORKER_COLLEAGUE.id()), 0L, CECILIA, NOW))
                    .expectNoEvents()
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(allOf(containsString(DAVID.userId() + " (not staff of the case's unit)"),
                            containsString(TestUser.SOCIAL_WORKER_OTHER_UNIT.id() + " (not staff of the case's unit)"),
                            containsString("nobody (not a known member of staff)"),
                            containsString(TestUser.SOCIAL_WORKER_COLLEAGUE.id() + " (not active")));
        }

        @Test
        void refusesToOpenACaseWithThePoliceLiaisonOnTheTeam() {
            fixture.givenNoPriorActivity()
                    .when(new OpenCase(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                            List.of(ANNA.userId(), DAVID.userId()), CaseOrigin.SOCIAL_SERVICES, null, ANNA, NOW))
                    .expectNoEvents()
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString(DAVID.userId()));
        }

        @Test
        void refusesTeamChangesOnAClosedCase() {
            fixture.given(opened(), new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null))
                    .when(new AssignCaseTeam(CASE, List.of(ANNA.userId()), null, CECILIA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("closed"));
        }

        @Test
        void recordsANote() {
            fixture.given(opened()).when(new RecordNote(CASE, "n1", "Samtal", 0L, ANNA, NOW))
                    .expectEvents(new NoteRecorded(CASE, "n1", "Samtal", null, ActedBy.of(ANNA), NOW));
        }

        @Test
        void refusesANoteAgainstAStaleVersion() {
            fixture.given(opened(), new NoteRecorded(CASE, "n1", "Samtal", null, ActedBy.of(ANNA), NOW))
                    .when(new RecordNote(CASE, "n2", "Mer", 0L, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("changed since you read it"));
        }

        @Test
        void refusesABlankNote() {
            fixture.given(opened()).when(new RecordNote(CASE, "n1", " ", null, ANNA, NOW)).expectException(ClientProblem.class);
        }

        @Test
        void correctionsAreNewEntriesReferencingTheOld() {
            fixture.given(opened(), new NoteRecorded(CASE, "n1", "Fel", null, ActedBy.of(ANNA), NOW))
                    .when(new CorrectNote(CASE, "n2", "n1", "Rätt", null, ANNA, NOW))
                    .expectEvents(new NoteRecorded(CASE, "n2", "Rätt", "n1", ActedBy.of(ANNA), NOW));
        }

        @Test
        void refusesToCorrectAnUnknownNote() {
            fixture.given(opened()).when(new CorrectNote(CASE, "n2", "nope", "Rätt", null, ANNA, NOW))
                    .expectException(ClientProblem.class);
        }

        @Test
        void recordsAMeasure() {
            fixture.given(opened()).when(new RecordMeasure(CASE, "m1", MeasureType.CONTACT_PERSON, TODAY, null, null, ANNA, NOW))
                    .expectEvents(new MeasureRecorded(CASE, "m1", "CONTACT_PERSON", TODAY, null, ActedBy.of(ANNA), NOW, null));
        }

        @Test
        void refusesAMeasureEndingBeforeItStarts() {
            fixture.given(opened()).when(new RecordMeasure(CASE, "m1", MeasureType.CONTACT_PERSON, TODAY, TODAY.minusDays(1), null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("before it starts"));
        }

        @Test
        void movesToTheNextPhase() {
            fixture.given(opened(Program.EXIT_PROGRAM)).when(new ChangePhase(CASE, Phase.CONSENT, null, ANNA, NOW))
                    .expectEvents(new PhaseChanged(CASE, Phase.INTAKE, Phase.CONSENT, ActedBy.of(ANNA), NOW));
        }

        @Test
        void refusesToSkipAPhase() {
            fixture.given(opened()).when(new ChangePhase(CASE, Phase.PLANNING, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("PRELIMINARY_ASSESSMENT"));
        }

        @Test
        void exitProgramPhasesDifferFromRapidIntervention() {
            fixture.given(opened(Program.EXIT_PROGRAM)).when(new ChangePhase(CASE, Phase.PRELIMINARY_ASSESSMENT, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("CONSENT"));
        }

        @Test
        void closesWithAnOutcome() {
            fixture.given(opened()).when(new CloseCase(CASE, CaseOutcome.NO_FURTHER_ACTION, null, ANNA, NOW))
                    .expectEvents(new CaseClosed(CASE, Phase.INTAKE, "NO_FURTHER_ACTION", ActedBy.of(ANNA), NOW, null));
        }

        @Test
        void refusesToCloseWithOpenReferrals() {
            fixture.given(opened(), consent(), sent()).when(new CloseCase(CASE, CaseOutcome.GOALS_MET, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("referrals still open"));
        }

        @Test
        void reopensAClosedCase() {
            fixture.given(opened(), new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null))
                    .when(new ReopenCase(CASE, "Ny anmälan", null, ANNA, NOW))
                    .expectEvents(new CaseReopened(CASE, Phase.INTAKE, "Ny anmälan", ActedBy.of(ANNA), NOW));
        }

        @Test
        void refusesToReopenAnOpenCase() {
            fixture.given(opened()).when(new ReopenCase(CASE, "Ny anmälan", null, ANNA, NOW)).expectException(ClientProblem.class);
        }

        // sharing with a partner municipality: PartnerSharingTest
    }

    @Nested
    class Consents {
        @Test
        void recordsAConsentGivenBySubjectAndGuardians() {
            fixture.given(opened())
                    .when(new RecordConsent(CASE, CONSENT, PARTIES, Agency.POLICE, POLICE_UNIT, List.of(ConsentPurpose.CRIME_PREVENTION), SHARED,
                            TODAY.minusDays(1), TODAY.plusDays(90), "dok-1", null, ANNA, NOW))
                    .expectEvents(consent());
        }

        @Test
        void aMinorsConsentNeedsEveryGuardian() {
            fixture.given(opened())
                    .when(new RecordConsent(CASE, CONSENT, List.of(PARTIES.getFirst()), Agency.POLICE, POLICE_UNIT, List.of(),
                            SHARED, TODAY, TODAY.plusDays(90), null, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("guardian"));
        }

        @Test
        void withdrawalRevokesEveryReferralRestingOnTheConsent() {
            fixture.given(opened(), consent(), sent())
                    .when(new WithdrawConsent(CASE, CONSENT, PartyRole.GUARDIAN, TODAY, null, ANNA, NOW))
                    .expectEvents(new ConsentWithdrawn(CASE, CONSENT, PartyRole.GUARDIAN, TODAY, List.of(REFERRAL), ActedBy.of(ANNA), NOW),
                            new ReferralRevoked(CASE, REFERRAL, POLICE_UNIT, RevocationReason.CONSENT_WITHDRAWN, ActedBy.of(ANNA), NOW));
        }

        @Test
        void aConsentIsWithdrawnOnce() {
            fixture.given(opened(), consent(), new ConsentWithdrawn(CASE, CONSENT, PartyRole.SUBJECT, TODAY, List.of(), ActedBy.of(ANNA), NOW))
                    .when(new WithdrawConsent(CASE, CONSENT, PartyRole.GUARDIAN, TODAY, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("already withdrawn"));
        }
    }

    @Nested
    class Referrals {
        @Test
        void aReferralOnConsentIsSentWithTheSnapshotOfTheSharedCategories() {
            fixture.given(opened(), consent()).when(createByConsent(SHARED)).expectEvents(sent());
        }

        @Test
        void aReferralMayNotShareMoreThanTheConsentCovers() {
            fixture.given(opened(), consent())
                    .when(createByConsent(EnumSet.of(DataCategory.IDENTITY, DataCategory.MEASURES)))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("MEASURES"));
        }

        @Test
        void anExpiredConsentCannotCarryAReferral() {
            fixture.given(opened(), consent(TODAY.minusDays(30), TODAY.minusDays(1)))
                    .when(createByConsent(SHARED))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("valid from"));
        }

        @Test
        void aSecrecyBreakingReferralWaitsForApproval() {
            fixture.given(opened())
                    .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, OSL_10_18A, ConsentPurpose.CRIME_PREVENTION, null,
                            SHARED, "S", null, "Allvarlig risk väger tyngre än sekretessen.", null, ANNA, NOW))
                    .expectEvents(new ReferralAwaitingApproval(CASE, REFERRAL, POLICE_UNIT, "OSL_10_18A", SHARED,
                            "S", null, "Allvarlig risk väger tyngre än sekretessen.", ActedBy.of(ANNA), NOW, null,
                            "CRIME_PREVENTION", null));
        }

        @Test
        void aSecrecyBreakingReferralNeedsAWeighingOfInterests() {
            fixture.given(opened())
                    .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, OSL_10_2, null, null, SHARED, "S", null,
                            "kort", null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("weighing of interests"));
        }

        ReferralAwaitingApproval awaiting() {
            return new ReferralAwaitingApproval(CASE, REFERRAL, POLICE_UNIT, "OSL_10_18A", SHARED, "S", null,
                    "Allvarlig risk väger tyngre än sekretessen.", ActedBy.of(ANNA), NOW, null, "CRIME_PREVENTION", null);
        }

        @Test
        void anotherPersonApproves() {
            fixture.given(opened(), awaiting()).when(new ApproveReferral(CASE, REFERRAL, OSL_10_18A, null, CECILIA, NOW))
                    .expectEvents(new ReferralSent(CASE, REFERRAL, POLICE_UNIT, "OSL_10_18A", null, SHARED,
                            ReferralSnapshot.of(SHARED, KIM, List.of(), "S", null, true), CECILIA.userId(), ActedBy.of(CECILIA), NOW, null,
                            "CRIME_PREVENTION", OSL_10_18A.applied()));
        }

        @Test
        void theCreatorCannotApprove() {
            fixture.given(opened(), awaiting()).when(new ApproveReferral(CASE, REFERRAL, OSL_10_18A, null, ANNA, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("cannot approve"));
        }

        @Test
        void theLiaisonAcknowledges() {
            fixture.given(opened(), consent(), sent()).when(new AcknowledgeReferral(CASE, REFERRAL, DAVID, NOW))
                    .expectEvents(new ReferralAcknowledged(CASE, REFERRAL, POLICE_UNIT, ActedBy.of(DAVID), NOW));
        }

        @Test
        void anotherPoliceUnitCannotAcknowledge() {
            fixture.given(opened(), consent(), sent()).when(new AcknowledgeReferral(CASE, REFERRAL, OTHER_POLICE, NOW))
                    .expectException(ClientProblem.class);
        }

        @Test
        void theLiaisonAccepts() {
            fixture.given(opened(), consent(), sent()).when(new AcceptReferral(CASE, REFERRAL, DAVID, NOW))
                    .expectEvents(new ReferralAccepted(CASE, REFERRAL, POLICE_UNIT, ActedBy.of(DAVID), NOW));
        }

        @Test
        void aDeclinedReferralCannotBeAccepted() {
            fixture.given(opened(), consent(), sent(), new ReferralDeclined(CASE, REFERRAL, POLICE_UNIT, "NOT_IN_JURISDICTION", ActedBy.of(DAVID), NOW, null))
                    .when(new AcceptReferral(CASE, REFERRAL, DAVID, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("DECLINED"));
        }

        @Test
        void theLiaisonDeclinesWithAReason() {
            fixture.given(opened(), consent(), sent()).when(new DeclineReferral(CASE, REFERRAL, DeclineReason.NOT_IN_JURISDICTION, DAVID, NOW))
                    .expectEvents(new ReferralDeclined(CASE, REFERRAL, POLICE_UNIT, "NOT_IN_JURISDICTION", ActedBy.of(DAVID), NOW, null));
        }

        @Test
        void declineNeedsAReason() {
            fixture.given(opened(), consent(), sent()).when(new DeclineReferral(CASE, REFERRAL, null, DAVID, NOW))
                    .expectException(ClientProblem.class);
        }

        @Test
        void theLiaisonPostsFeedbackOnAnAcceptedReferral() {
            fixture.given(opened(), consent(), sent(), new ReferralAccepted(CASE, REFERRAL, POLICE_UNIT, ActedBy.of(DAVID), NOW))
                    .when(new PostPoliceFeedback(CASE, REFERRAL, "f1", "Samtal hållet", DAVID, NOW))
                    .expectEvents(new PoliceFeedbackPosted(CASE, REFERRAL, POLICE_UNIT, "f1", "Samtal hållet", ActedBy.of(DAVID), NOW));
        }

        @Test
        void noFeedbackBeforeAcceptance() {
            fixture.given(opened(), consent(), sent()).when(new PostPoliceFeedback(CASE, REFERRAL, "f1", "x", DAVID, NOW))
                    .expectException(ClientProblem.class);
        }

        @Test
        void theLiaisonCannotActOnceTheConsentHasExpired() {
            fixture.given(opened(), consent(TODAY.minusDays(30), TODAY.minusDays(1)),
                            new ReferralSent(CASE, REFERRAL, POLICE_UNIT, "CONSENT", CONSENT, SHARED, snapshot(), null, ActedBy.of(ANNA), NOW.minusSeconds(86_400 * 10), null,
                                    null, BY_CONSENT.applied()))
                    .when(new AcceptReferral(CASE, REFERRAL, DAVID, NOW))
                    .expectException(ClientProblem.class).expectExceptionMessage(containsString("no longer valid"));
        }

        @Test
        void theSocialWorkerCompletesAnAcceptedReferral() {
            fixture.given(opened(), consent(), sent(), new ReferralAccepted(CASE, REFERRAL, POLICE_UNIT, ActedBy.of(DAVID), NOW))
                    .when(new CompleteReferral(CASE, REFERRAL, ReferralOutcome.JOINT_PLAN, null, ANNA, NOW))
                    .expectEvents(new ReferralCompleted(CASE, REFERRAL, POLICE_UNIT, "JOINT_PLAN", ActedBy.of(ANNA), NOW, null));
        }

        @Test
        void onlyAnAcceptedReferralCanBeCompleted() {
            fixture.given(opened(), consent(), sent()).when(new CompleteReferral(CASE, REFERRAL, ReferralOutcome.JOINT_PLAN, null, ANNA, NOW))
                    .expectException(ClientProblem.class);
        }

        @Test
        void theSocialWorkerRevokesAnOpenReferral() {
            fixture.given(opened(), consent(), sent()).when(new RevokeReferral(CASE, REFERRAL, null, null, ANNA, NOW))
                    .expectEvents(new ReferralRevoked(CASE, REFERRAL, POLICE_UNIT, RevocationReason.WITHDRAWN_BY_SOCIAL_SERVICES, ActedBy.of(ANNA), NOW));
        }

        @Test
        void aCompletedReferralCannotBeRevoked() {
            fixture.given(opened(), consent(), sent(), new ReferralAccepted(CASE, REFERRAL, POLICE_UNIT, ActedBy.of(DAVID), NOW),
                            new ReferralCompleted(CASE, REFERRAL, POLICE_UNIT, "JOINT_PLAN", ActedBy.of(ANNA), NOW, null))
                    .when(new RevokeReferral(CASE, REFERRAL, null, null, ANNA, NOW))
                    .expectException(ClientProblem.class);
        }
    }

    /** Issue 10 item 4: the protection in force when the address would leave decides, at creation, approval and police read. */
    @Nested
    class ProtectedAddress {

        final Set<DataCategory> withContact = EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT);

        ReferralAwaitingApproval awaitingWithContact(ProtectedIdentity releasedUnder) {
            return new ReferralAwaitingApproval(CASE, REFERRAL, POLICE_UNIT, "OSL_10_18A", withContact, null, null,
                    "Allvarlig risk väger tyngre än sekretessen.", ActedBy.of(ANNA), NOW, releasedUnder, "CRIME_PREVENTION", null);
        }

        ProtectedIdentityChanged raised(ProtectedIdentity from, ProtectedIdentity to) {
            return new ProtectedIdentityChanged(CASE, from, to, ActedBy.of(ANNA), NOW);
        }

        ReferralSent sentByCecilia(boolean withAddress, ProtectedIdentity releasedUnder) {
            return new ReferralSent(CASE, REFERRAL, POLICE_UNIT, "OSL_10_18A", null, withContact,
                    ReferralSnapshot.of(withContact, KIM, List.of(), null, null, withAddress), CECILIA.userId(), ActedBy.of(CECILIA), NOW,
                    releasedUnder, "CRIME_PREVENTION", OSL_10_18A.applied());
        }

        @Test
        void aReleaseOfAProtectedAddressIsKeptWithTheLevelItWasDecidedUnder() {
            fixture.given(opened(), raised(ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING))
                    .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, OSL_10_18A, ConsentPurpose.CRIME_PREVENTION, null,
                            withContact, null, null, "Allvarlig risk väger tyngre än sekretessen.", null, ANNA, NOW, true))
                    .expectEvents(awaitingWithContact(ProtectedIdentity.SEKRETESSMARKERING));
        }

        @Test
        void anUnprotectedSubjectsAddressGoesWithTheApprovedReferral() {
            fixture.given(opened(), awaitingWithContact(null))
                    .when(new ApproveReferral(CASE, REFERRAL, OSL_10_18A, null, CECILIA, NOW))
                    .expectEvents(sentByCecilia(true, null));
        }

        @Test
        void protectionRaisedBeforeTheApprovalKeepsTheAddressOutOfTheSnapshot() {
            fixture.given(opened(), awaitingWithContact(null), raised(ProtectedIdentity.NONE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING))
                    .when(new ApproveReferral(CASE, REFERRAL, OSL_10_18A, null, CECILIA, NOW))
                    .expectEvents(sentByCecilia(false, null));
        }

        @Test
        void anExplicitReleaseHoldsAtApprovalUnderTheSameLevel() {
            fixture.given(opened(), raised(ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING),
                            awaitingWithContact(ProtectedIdentity.SEKRETESSMARKERING))
                    .when(new ApproveReferral(CASE, REFERRAL, OSL_10_18A, null, CECILIA, NOW))
                    .expectEvents(sentByCecilia(true, ProtectedIdentity.SEKRETESSMARKERING));
        }

        @Test
        void anExplicitReleaseDoesNotCarryOverToAHigherLevel() {
            fixture.given(opened(), raised(ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING),
                            awaitingWithContact(ProtectedIdentity.SEKRETESSMARKERING),
                            raised(ProtectedIdentity.SEKRETESSMARKERING, ProtectedIdentity.SKYDDAD_FOLKBOKFORING))
                    .when(new ApproveReferral(CASE, REFERRAL, OSL_10_18A, null, CECILIA, NOW))
                    .expectEvents(sentByCecilia(false, ProtectedIdentity.SEKRETESSMARKERING));
        }

        @Test
        void anAddressAlreadySentIsWithdrawnFromThePoliceReadOnceTheProtectionIsRaised() {
            CaseFile file = new CaseFile();
            file.apply(opened());
            file.apply(sentByCecilia(true, null));
            assertThat(file.snapshotReadableNow(REFERRAL).orElseThrow().contact()).isNotNull();

            file.apply(raised(ProtectedIdentity.NONE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING));

            ReferralSnapshot readable = file.snapshotReadableNow(REFERRAL).orElseThrow();
            assertThat(readable.contact()).isNull();
            assertThat(readable.identity()).as("the rest of the snapshot is still there").isNotNull();
        }

        @Test
        void anAddressReleasedUnderOneLevelIsWithdrawnWhenTheLevelChanges() {
            CaseFile file = new CaseFile();
            file.apply(opened());
            file.apply(raised(ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING));
            file.apply(sentByCecilia(true, ProtectedIdentity.SEKRETESSMARKERING));
            assertThat(file.snapshotReadableNow(REFERRAL).orElseThrow().contact()).isNotNull();

            file.apply(raised(ProtectedIdentity.SEKRETESSMARKERING, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER));

            assertThat(file.snapshotReadableNow(REFERRAL).orElseThrow().contact()).isNull();
        }

        @Test
        void theOneRuleAnswersTheSameWhereverItIsAsked() {
            for (ProtectedIdentity now : ProtectedIdentity.values()) {
                for (ProtectedIdentity released : new ProtectedIdentity[]{null, ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING,
                        ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER}) {
                    boolean expected = now == ProtectedIdentity.NONE || now == released;
                    assertThat(ProtectedContactPolicy.mayShareAddress(withContact, now, released)).as(now + " released under " + released)
                            .isEqualTo(expected);
                    assertThat(ProtectedContactPolicy.mayShareAddress(SHARED, now, released)).as("no CONTACT, no address").isFalse();
                }
            }
        }
    }

    @Nested
    class Deadlines {
        static final String FIRST_CONTACT = UUID.nameUUIDFromBytes((CASE + ":FIRST_FAMILY_CONTACT:" + NOW).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        static final String PRELIMINARY = UUID.nameUUIDFromBytes((CASE + ":PRELIMINARY_ASSESSMENT:" + NOW).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();

        @Test
        void aRapidInterventionGetsItsFirstFamilyContactTarget() {
            fixture.givenNoPriorActivity()
                    .when(new OpenCase(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                            List.of(ANNA.userId()), CaseOrigin.SOCIAL_SERVICES, 7, ANNA, NOW))
                    .expectEvents(opened(), new DeadlineScheduled(CASE, FIRST_CONTACT, DeadlineKind.FIRST_FAMILY_CONTACT, TODAY.plusDays(7), null, NOW));
        }

        @Test
        void theFirstFamilyContactMeetsTheTarget() {
            fixture.given(opened(), new DeadlineScheduled(CASE, FIRST_CONTACT, DeadlineKind.FIRST_FAMILY_CONTACT, TODAY.plusDays(7), null, NOW))
                    .when(new RecordFamilyContact(CASE, TODAY.plusDays(2), null, ANNA, NOW.plusSeconds(86_400 * 3)))
                    .expectEvents(new FamilyContactRecorded(CASE, TODAY.plusDays(2), ActedBy.of(ANNA), NOW.plusSeconds(86_400 * 3)),
                            new DeadlineMet(CASE, FIRST_CONTACT, DeadlineKind.FIRST_FAMILY_CONTACT, TODAY.plusDays(7), TODAY.plusDays(2),
                                    ActedBy.of(ANNA), NOW.plusSeconds(86_400 * 3)));
        }

        @Test
        void thePreliminaryAssessmentStartsItsFourteenDays() {
            fixture.given(opened()).when(new ChangePhase(CASE, Phase.PRELIMINARY_ASSESSMENT, null, ANNA, NOW))
                    .expectEvents(new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), NOW),
                            new DeadlineScheduled(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), null, NOW));
        }

        @Test
        void startingTheInvestigationMeetsTheAssessmentDeadlineAndStartsFourMonths() {
            Instant later = NOW.plusSeconds(86_400 * 5);
            String investigation = UUID.nameUUIDFromBytes((CASE + ":INVESTIGATION:" + later).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            fixture.given(opened(), new PhaseChanged(CASE, Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT, ActedBy.of(ANNA), NOW),
                            new DeadlineScheduled(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), null, NOW))
                    .when(new ChangePhase(CASE, Phase.INVESTIGATION, null, ANNA, later))
                    .expectEvents(new PhaseChanged(CASE, Phase.PRELIMINARY_ASSESSMENT, Phase.INVESTIGATION, ActedBy.of(ANNA), later),
                            new DeadlineMet(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(14), TODAY.plusDays(5), ActedBy.of(ANNA), later),
                            new DeadlineScheduled(CASE, investigation, DeadlineKind.INVESTIGATION, TODAY.plusDays(5).plusMonths(4), null, later));
        }

        @Test
        void anApproachingDeadlineIsMarkedOnce() {
            DeadlineScheduled scheduled = new DeadlineScheduled(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(2), null, NOW);
            fixture.given(opened(), scheduled).when(new MarkDeadlineApproaching(CASE, PRELIMINARY, null, NOW))
                    .expectEvents(new DeadlineApproaching(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(2), null, NOW));
            fixture.given(opened(), scheduled, new DeadlineApproaching(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.plusDays(2), null, NOW))
                    .when(new MarkDeadlineApproaching(CASE, PRELIMINARY, null, NOW))
                    .expectNoEvents();
        }

        @Test
        void aDeadlineIsMissedOnlyAfterItsDay() {
            DeadlineScheduled scheduled = new DeadlineScheduled(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.minusDays(1), null, NOW);
            fixture.given(opened(), scheduled).when(new MarkDeadlineMissed(CASE, PRELIMINARY, null, NOW))
                    .expectEvents(new DeadlineMissed(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY.minusDays(1), null, NOW));
            fixture.given(opened(), new DeadlineScheduled(CASE, PRELIMINARY, DeadlineKind.PRELIMINARY_ASSESSMENT, TODAY, null, NOW))
                    .when(new MarkDeadlineMissed(CASE, PRELIMINARY, null, NOW))
                    .expectNoEvents();
        }

        @Test
        void lulDatesAreEnteredByHand() {
            fixture.given(opened()).when(new RecordLulDeadline(CASE, "d1", DeadlineKind.LUL_POLICE_INVESTIGATION, TODAY.plusWeeks(6), null, ANNA, NOW))
                    .expectEvents(new DeadlineScheduled(CASE, "d1", DeadlineKind.LUL_POLICE_INVESTIGATION, TODAY.plusWeeks(6), ActedBy.of(ANNA), NOW));
        }

        @Test
        void statutoryDeadlinesAreNotEnteredByHand() {
            fixture.given(opened()).when(new RecordLulDeadline(CASE, "d1", DeadlineKind.INVESTIGATION, TODAY.plusWeeks(6), null, ANNA, NOW))
                    .expectException(ClientProblem.class);
        }

        @Test
        void aJointMeetingWithThePoliceIsRecorded() {
            fixture.given(opened()).when(new RecordJointPoliceMeeting(CASE, TODAY, null, ANNA, NOW))
                    .expectEvents(new JointPoliceMeetingRecorded(CASE, TODAY, ActedBy.of(ANNA), NOW));
        }
    }

    /** Issue 15: the milestones the effect figures count happen within the case and are recorded once they happened. */
    @Nested
    class FamilyContactsAndFollowUps {

        static final Instant LATER = NOW.plusSeconds(86_400 * 10);

        @Test
        void aLaterFamilyContactIsRecordedButMeetsNoDeadlineAgain() {
            fixture.given(opened(), new FamilyContactRecorded(CASE, TODAY.plusDays(1), ActedBy.of(ANNA), NOW))
                    .when(new RecordFamilyContact(CASE, TODAY.plusDays(8), null, ANNA, LATER))
                    .expectEvents(new FamilyContactRecorded(CASE, TODAY.plusDays(8), ActedBy.of(ANNA), LATER));
        }

        @Test
        void aFamilyContactThatHasNotHappenedYetIsRefused() {
            fixture.given(opened())
                    .when(new RecordFamilyContact(CASE, TODAY.plusDays(1), null, ANNA, NOW))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(containsString("once it has happened"));
        }

        @Test
        void aFamilyContactBeforeTheCaseWasOpenedIsRefused() {
            fixture.given(opened())
                    .when(new RecordFamilyContact(CASE, TODAY.minusDays(1), null, ANNA, NOW))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(containsString("before the case was opened"));
        }

        @Test
        void theSchoolOrWorkStatusIsRecordedInFollowUp() {
            fixture.given(opened(), new PhaseChanged(CASE, Phase.PLANNING, Phase.FOLLOW_UP, ActedBy.of(ANNA), NOW))
                    .when(new RecordFollowUpStatus(CASE, "f-1", SchoolWorkStatus.STUDYING, TODAY.plusDays(9), null, ANNA, LATER))
                    .expectEvents(new FollowUpStatusRecorded(CASE, "f-1", "STUDYING", TODAY.plusDays(9), ActedBy.of(ANNA), LATER));
        }

        @Test
        void theSchoolOrWorkStatusWaitsForTheFollowUpPhase() {
            fixture.given(opened())
                    .when(new RecordFollowUpStatus(CASE, "f-1", SchoolWorkStatus.WORKING, TODAY, null, ANNA, NOW))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(allOf(containsString("FOLLOW_UP phase"), containsString("INTAKE")));
        }

        @Test
        void aClosedCaseTakesNoFollowUpStatus() {
            fixture.given(opened(), new PhaseChanged(CASE, Phase.PLANNING, Phase.FOLLOW_UP, ActedBy.of(ANNA), NOW),
                            new CaseClosed(CASE, Phase.FOLLOW_UP, "GOALS_MET", ActedBy.of(ANNA), NOW, null))
                    .when(new RecordFollowUpStatus(CASE, "f-1", SchoolWorkStatus.WORKING, TODAY, null, ANNA, NOW))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(containsString("The case is closed"));
        }

        @Test
        void aFollowUpStatusOfADayToComeIsRefused() {
            fixture.given(opened(), new PhaseChanged(CASE, Phase.PLANNING, Phase.FOLLOW_UP, ActedBy.of(ANNA), NOW))
                    .when(new RecordFollowUpStatus(CASE, "f-1", SchoolWorkStatus.WORKING, TODAY.plusDays(1), null, ANNA, NOW))
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(containsString("once it has happened"));
        }

        @Test
        void theLatestFollowUpByDateIsTheStatusAtFollowUp() {
            CaseFile file = CaseFile.of(List.of(opened(),
                    new FollowUpStatusRecorded(CASE, "f-2", "WORKING", TODAY.plusDays(20), ActedBy.of(ANNA), LATER),
                    new FollowUpStatusRecorded(CASE, "f-1", "STUDYING", TODAY.plusDays(9), ActedBy.of(ANNA), LATER)));
            assertThat(FollowUps.latest(file.followUps()).schoolWorkStatus()).isEqualTo("WORKING");
            assertThat(RetainedView.of(file).followUps()).hasSize(2);
            file.apply(new DocumentsCleared(CASE, EnumSet.of(DocumentType.MEASURES), TODAY, null, NOW));
            assertThat(RetainedView.of(file).followUps()).as("cleared with the measures").isEmpty();
        }
    }
}
