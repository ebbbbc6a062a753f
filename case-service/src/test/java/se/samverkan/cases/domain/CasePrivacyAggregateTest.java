package se.samverkan.cases.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static se.samverkan.cases.domain.CaseAggregateTest.*;

/** Clearing, legal hold and protection level, given-when-then. */
class CasePrivacyAggregateTest {

    static final LocalDate LATER = LocalDate.of(2032, 1, 10);
    static final String HOLD = "5f1d2c7e-9a0b-4c1d-8e2f-3a4b5c6d7e8f";

    FixtureConfiguration<CaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseAggregate.class);
        fixture.registerInjectableResource(CaseAggregateTest.DEMO_STAFF);
        fixture.registerInjectableResource(CaseAggregateTest.STOCKHOLM);
    }

    static CaseClosed closed() {
        return new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null);
    }

    static LegalHoldPlaced hold() {
        return new LegalHoldPlaced(CASE, HOLD, LegalHoldKind.LITIGATION, "Tvist om vårdnad", ActedBy.of(CECILIA), NOW);
    }

    @Test
    void aClosedCaseWithoutHoldIsCleared() {
        fixture.given(opened(), closed())
                .when(new ClearCaseData(CASE, LATER, null, NOW))
                .expectEvents(new DocumentsCleared(CASE, EnumSet.allOf(DocumentType.class), LATER, null, NOW),
                        new CaseDataCleared(CASE, LATER, null, NOW));
    }

    @Test
    void clearingTwiceRecordsNothingNew() {
        fixture.given(opened(), closed(), new CaseDataCleared(CASE, LATER, null, NOW))
                .when(new ClearCaseData(CASE, LATER.plusDays(1), null, NOW))
                .expectNoEvents();
    }

    @Test
    void oneDocumentTypeIsClearedWithoutClearingTheCase() {
        fixture.given(opened(), closed())
                .when(new ClearCaseData(CASE, EnumSet.of(DocumentType.JOURNAL), LATER, null, NOW))
                .expectEvents(new DocumentsCleared(CASE, EnumSet.of(DocumentType.JOURNAL), LATER, null, NOW));
    }

    @Test
    void theLastDocumentTypeClearsTheCase() {
        EnumSet<DocumentType> allButIdentity = EnumSet.complementOf(EnumSet.of(DocumentType.IDENTITY));
        fixture.given(opened(), closed(), new DocumentsCleared(CASE, allButIdentity, LATER, null, NOW))
                .when(new ClearCaseData(CASE, EnumSet.allOf(DocumentType.class), LATER.plusYears(2), null, NOW))
                .expectEvents(new DocumentsCleared(CASE, EnumSet.of(DocumentType.IDENTITY), LATER.plusYears(2), null, NOW),
                        new CaseDataCleared(CASE, LATER.plusYears(2), null, NOW));
    }

    @Test
    void aClearedDocumentTypeIsNotClearedAgain() {
        fixture.given(opened(), closed(), new DocumentsCleared(CASE, EnumSet.of(DocumentType.JOURNAL), LATER, null, NOW))
                .when(new ClearCaseData(CASE, EnumSet.of(DocumentType.JOURNAL), LATER.plusDays(1), null, NOW))
                .expectNoEvents();
    }

    @Test
    void aLegalHoldBlocksClearingASingleDocumentType() {
        fixture.given(opened(), hold(), closed())
                .when(new ClearCaseData(CASE, EnumSet.of(DocumentType.JOURNAL), LATER, null, NOW))
                .expectException(ClientProblem.class).expectNoEvents();
    }

    @Test
    void aPartlyClearedCaseCannotBeReopenedButCanStillBeHeld() {
        fixture.given(opened(), closed(), new DocumentsCleared(CASE, EnumSet.of(DocumentType.JOURNAL), LATER, null, NOW))
                .when(new ReopenCase(CASE, "Ny händelse", null, ANNA, NOW))
                .expectException(ClientProblem.class).expectExceptionMessage(org.hamcrest.Matchers.containsString("cleared"));
        fixture.given(opened(), closed(), new DocumentsCleared(CASE, EnumSet.of(DocumentType.JOURNAL), LATER, null, NOW))
                .when(new PlaceLegalHold(CASE, HOLD, LegalHoldKind.LITIGATION, "Tvist om vårdnad", null, CECILIA, NOW))
                .expectEvents(hold());
    }

    @Test
    void anOpenCaseIsNeverCleared() {
        fixture.given(opened())
                .when(new ClearCaseData(CASE, LATER, null, NOW))
                .expectException(ClientProblem.class).expectExceptionMessage("Only a closed case can be cleared");
    }

    @Test
    void aLegalHoldBlocksClearing() {
        fixture.given(opened(), hold(), closed())
                .when(new ClearCaseData(CASE, LATER, null, NOW))
                .expectException(ClientProblem.class).expectNoEvents();
    }

    @Test
    void aLiftedHoldNoLongerBlocksClearing() {
        fixture.given(opened(), hold(), closed(), new LegalHoldLifted(CASE, HOLD, "Tvisten avgjord", ActedBy.of(CECILIA), NOW))
                .when(new ClearCaseData(CASE, LATER, null, NOW))
                .expectEvents(new DocumentsCleared(CASE, EnumSet.allOf(DocumentType.class), LATER, null, NOW),
                        new CaseDataCleared(CASE, LATER, null, NOW));
    }

    @Test
    void aHoldNeedsAKindAndAReason() {
        fixture.given(opened())
                .when(new PlaceLegalHold(CASE, HOLD, LegalHoldKind.LITIGATION, " ", null, CECILIA, NOW))
                .expectException(ClientProblem.class).expectNoEvents();
    }

    @Test
    void aHoldCanBePlacedOnAClosedCaseAndIsRecordedWithReasonAndActor() {
        fixture.given(opened(), closed())
                .when(new PlaceLegalHold(CASE, HOLD, LegalHoldKind.LITIGATION, "Tvist om vårdnad", null, CECILIA, NOW))
                .expectEvents(hold());
    }

    @Test
    void liftingAnUnknownHoldIsNotFound() {
        fixture.given(opened())
                .when(new LiftLegalHold(CASE, HOLD, "Ingen anledning", null, CECILIA, NOW))
                .expectException(ClientProblem.class).expectNoEvents();
    }

    @Test
    void aClearedCaseCannotBeReopenedNorHeld() {
        fixture.given(opened(), closed(), new CaseDataCleared(CASE, LATER, null, NOW))
                .when(new ReopenCase(CASE, "Ny händelse", null, ANNA, NOW))
                .expectException(ClientProblem.class).expectExceptionMessage(org.hamcrest.Matchers.containsString("cleared"));
        fixture.given(opened(), closed(), new CaseDataCleared(CASE, LATER, null, NOW))
                .when(new PlaceLegalHold(CASE, HOLD, LegalHoldKind.LITIGATION, "Tvist", null, CECILIA, NOW))
                .expectException(ClientProblem.class).expectNoEvents();
    }

    @Test
    void theProtectionLevelChangesAndThenKeepsContactOutOfReferrals() {
        fixture.given(opened())
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, null, ANNA, NOW))
                .expectEvents(new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW));
        fixture.given(opened(), new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING, ActedBy.of(ANNA), NOW))
                .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, LegalBasisCatalogue.national(LegalBasis.OSL_10_18A),
                        se.samverkan.contracts.vocabulary.ConsentPurpose.CRIME_PREVENTION, null,
                        EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT), null, null, "Avvägning gjord", null, ANNA, NOW))
                .expectException(ClientProblem.class).expectExceptionMessage(org.hamcrest.Matchers.containsString("protected identity"));
    }

    @Test
    void aProtectedAddressIsSharedOnlyWithTheExplicitFlag() {
        fixture.given(opened(), new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE, ProtectedIdentity.SEKRETESSMARKERING, ActedBy.of(ANNA), NOW))
                .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, LegalBasisCatalogue.national(LegalBasis.OSL_10_18A),
                        se.samverkan.contracts.vocabulary.ConsentPurpose.CRIME_PREVENTION, null,
                        EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT), null, null, "Avvägning gjord efter samtal med familjen", null, ANNA, NOW, true))
                .expectSuccessfulHandlerExecution();
    }

    /**
     * The attacker's side of the explicit flag: one person releasing a protected address on a consent (a basis that
     * otherwise goes at once) would send where a person in hiding lives to the police unchecked. It waits for a second
     * supervisor like a secrecy-breaking referral, its creator cannot approve it, and only the approval sends it.
     */
    @Test
    void aProtectedAddressReleasedOnAConsentWaitsForASecondSupervisorsApproval() {
        Set<DataCategory> withContact = EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT);
        ConsentRecorded coversContact = new ConsentRecorded(CASE, CONSENT, PARTIES, Agency.POLICE, POLICE_UNIT,
                List.of("CRIME_PREVENTION"), withContact, TODAY.minusDays(1), TODAY.plusDays(90), "dok-1", ActedBy.of(ANNA), NOW);
        ProtectedIdentityChanged hidden = new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW);
        ReferralAwaitingApproval waiting = new ReferralAwaitingApproval(CASE, REFERRAL, POLICE_UNIT, "CONSENT", withContact,
                null, null, null, ActedBy.of(ANNA), NOW, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, null, CONSENT);

        fixture.given(opened(), coversContact, hidden)
                .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, BY_CONSENT, null, CONSENT, withContact, null, null,
                        null, null, ANNA, NOW, true))
                .expectEvents(waiting);
        fixture.given(opened(), coversContact, hidden, waiting)
                .when(new ApproveReferral(CASE, REFERRAL, BY_CONSENT, null, ANNA, NOW))
                .expectException(ClientProblem.class).expectExceptionMessage(org.hamcrest.Matchers.containsString("cannot approve"));
        fixture.given(opened(), coversContact, hidden, waiting)
                .when(new ApproveReferral(CASE, REFERRAL, BY_CONSENT, null, CECILIA, NOW))
                .expectEvents(new ReferralSent(CASE, REFERRAL, POLICE_UNIT, "CONSENT", CONSENT, withContact,
                        ReferralSnapshot.of(withContact, KIM, List.of(), null, null, true), CECILIA.userId(),
                        ActedBy.of(CECILIA), NOW, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, null, BY_CONSENT.applied()));
    }

    @Test
    void aConsentReferralWithoutAProtectedAddressStillGoesAtOnce() {
        fixture.given(opened(), consent(), new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                        ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW))
                .when(createByConsent(SHARED))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.hamcrest.Matchers.instanceOf(ReferralSent.class),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    /**
     * The insider's side: a social worker on the team who lowers the level for a moment releases the address to every
     * reader the level kept it from, then raises it again; so would a supervisor alone. Raising is anyone's on the
     * team; lowering is asked for by one person and put in force by a unit supervisor who is someone else.
     */
    @Test
    void loweringAProtectionLevelTakesTwoPeopleOneOfThemTheSupervisor() {
        ProtectedIdentityChanged hidden = new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW);
        ProtectionLoweringProposed annaAsks = new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                ProtectedIdentity.NONE, ActedBy.of(ANNA), NOW);
        fixture.given(opened(), hidden)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, ANNA, NOW))
                .expectEvents(annaAsks);
        fixture.given(opened(), hidden, annaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, ANNA, NOW))
                .expectException(ClientProblem.class).expectExceptionMessage(org.hamcrest.Matchers.containsString("second person"))
                .expectNoEvents();
        fixture.given(opened(), hidden, annaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, CECILIA, NOW))
                .expectEvents(new ProtectedIdentityChanged(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                        ProtectedIdentity.NONE, ActedBy.of(CECILIA), NOW));
        // the supervisor alone only asks; a social worker cannot put her request in force
        ProtectionLoweringProposed ceciliaAsks = new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                ProtectedIdentity.NONE, ActedBy.of(CECILIA), NOW);
        fixture.given(opened(), hidden)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, CECILIA, NOW))
                .expectEvents(ceciliaAsks);
        fixture.given(opened(), hidden, ceciliaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, ANNA, NOW))
                .expectException(ClientProblem.class).expectExceptionMessage(org.hamcrest.Matchers.containsString("supervisor"))
                .expectNoEvents();
        // approving a different level than was asked for is a request of its own
        fixture.given(opened(), hidden, annaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.SEKRETESSMARKERING, null, CECILIA, NOW))
                .expectEvents(new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                        ProtectedIdentity.SEKRETESSMARKERING, ActedBy.of(CECILIA), NOW));
        // raising is at once, and ends a request to lower
        fixture.given(opened(), hidden, annaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER, null, ANNA, NOW))
                .expectEvents(new ProtectedIdentityChanged(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                        ProtectedIdentity.FINGERADE_PERSONUPPGIFTER, ActedBy.of(ANNA), NOW));
        fixture.given(opened(), hidden, annaAsks, new ProtectedIdentityChanged(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                        ProtectedIdentity.FINGERADE_PERSONUPPGIFTER, ActedBy.of(ANNA), NOW))
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, CECILIA, NOW))
                .expectEvents(new ProtectionLoweringProposed(CASE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER,
                        ProtectedIdentity.NONE, ActedBy.of(CECILIA), NOW));
    }

    @Test
    void settingTheLevelInForceAgainWithdrawsARequestToLowerIt() {
        ProtectedIdentityChanged hidden = new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                ProtectedIdentity.FINGERADE_PERSONUPPGIFTER, ActedBy.of(ANNA), NOW);
        ProtectionLoweringProposed ceciliaAsks = new ProtectionLoweringProposed(CASE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER,
                ProtectedIdentity.NONE, ActedBy.of(CECILIA), NOW);
        ProtectionLoweringWithdrawn annaKeepsIt = new ProtectionLoweringWithdrawn(CASE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER,
                ProtectedIdentity.NONE, ActedBy.of(ANNA), NOW);
        // at the highest level there is nothing to raise to: keeping the level is how the team says no
        fixture.given(opened(), hidden, ceciliaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER, null, ANNA, NOW))
                .expectEvents(annaKeepsIt);
        // withdrawn, a second supervisor's NONE is a request of its own, not an approval
        fixture.given(opened(), hidden, ceciliaAsks, annaKeepsIt)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, ANNA, NOW))
                .expectEvents(new ProtectionLoweringProposed(CASE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER,
                        ProtectedIdentity.NONE, ActedBy.of(ANNA), NOW));
        fixture.given(opened(), hidden)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER, null, ANNA, NOW))
                .expectNoEvents();
    }

    @Test
    void aRequestToLowerTheLevelLapsesAfterTwoWeeks() {
        ProtectedIdentityChanged hidden = new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW);
        ProtectionLoweringProposed annaAsks = new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                ProtectedIdentity.NONE, ActedBy.of(ANNA), NOW);
        java.time.Instant lastDay = NOW.plus(java.time.Duration.ofDays(Protection.REQUEST_DAYS));
        fixture.given(opened(), hidden, annaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, CECILIA, lastDay))
                .expectEvents(new ProtectedIdentityChanged(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ProtectedIdentity.NONE,
                        ActedBy.of(CECILIA), lastDay));
        java.time.Instant later = lastDay.plusSeconds(1);
        fixture.given(opened(), hidden, annaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, CECILIA, later))
                .expectEvents(new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ProtectedIdentity.NONE,
                        ActedBy.of(CECILIA), later));
    }

    @Test
    void aLoweringAskedForIsNotInForce() {
        CaseFile file = CaseFile.of(List.of(opened(), new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                        ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW),
                new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ProtectedIdentity.NONE,
                        ActedBy.of(ANNA), NOW)));
        org.assertj.core.api.Assertions.assertThat(file.protectedIdentity()).isEqualTo(ProtectedIdentity.SKYDDAD_FOLKBOKFORING);
        org.assertj.core.api.Assertions.assertThat(file.pendingLowering()).isPresent();
        org.assertj.core.api.Assertions.assertThat(Protection.outcomeOf(Protection.decide(file,
                new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, CECILIA, NOW)))).isEqualTo(Protection.Outcome.IN_FORCE);
        org.assertj.core.api.Assertions.assertThat(Protection.outcomeOf(Protection.decide(file,
                new ChangeProtectedIdentity(CASE, ProtectedIdentity.SEKRETESSMARKERING, null, CECILIA, NOW))))
                .isEqualTo(Protection.Outcome.AWAITING_APPROVAL);
    }

    /** The caller's answer comes from what the aggregate decided, not from deciding a second time beside it. */
    @Test
    void theAggregateAnswersWhatItDecidedWithTheLevelInForce() {
        ProtectedIdentityChanged hidden = new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE,
                ProtectedIdentity.SKYDDAD_FOLKBOKFORING, ActedBy.of(ANNA), NOW);
        ProtectionLoweringProposed annaAsks = new ProtectionLoweringProposed(CASE, ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                ProtectedIdentity.NONE, ActedBy.of(ANNA), NOW);
        fixture.given(opened(), hidden)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, ANNA, NOW))
                .expectResultMessagePayload(new Protection.Decided(2, Protection.Outcome.AWAITING_APPROVAL,
                        ProtectedIdentity.SKYDDAD_FOLKBOKFORING));
        fixture.given(opened(), hidden, annaAsks)
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, CECILIA, NOW))
                .expectResultMessagePayload(new Protection.Decided(3, Protection.Outcome.IN_FORCE, ProtectedIdentity.NONE));
        fixture.given(opened())
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, ANNA, NOW))
                .expectResultMessagePayload(new Protection.Decided(0, Protection.Outcome.UNCHANGED, ProtectedIdentity.NONE));
    }

    @Test
    void settingTheSameLevelAgainRecordsNothing() {
        fixture.given(opened())
                .when(new ChangeProtectedIdentity(CASE, ProtectedIdentity.NONE, null, ANNA, NOW))
                .expectNoEvents();
    }

    @Test
    void theFileFoldsHoldsClearingAndLevel() {
        CaseFile file = CaseFile.of(List.of(opened(), hold(), closed(),
                new ProtectedIdentityChanged(CASE, ProtectedIdentity.NONE, ProtectedIdentity.FINGERADE_PERSONUPPGIFTER, ActedBy.of(ANNA), NOW)));
        org.assertj.core.api.Assertions.assertThat(file.legalHolds()).extracting(CaseFile.LegalHold::kind).containsExactly(LegalHoldKind.LITIGATION);
        org.assertj.core.api.Assertions.assertThat(file.protectedIdentity()).isEqualTo(ProtectedIdentity.FINGERADE_PERSONUPPGIFTER);
        org.assertj.core.api.Assertions.assertThat(file.closedAt()).isEqualTo(NOW);
        org.assertj.core.api.Assertions.assertThat(file.personalDataErased()).isFalse();
        file.apply(new LegalHoldLifted(CASE, HOLD, "klart", ActedBy.of(CECILIA), NOW));
        file.apply(new CaseDataCleared(CASE, LATER, null, NOW));
        org.assertj.core.api.Assertions.assertThat(file.legalHolds()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(file.personalDataErased()).isTrue();
    }
}
