package se.samverkan.cases.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.MeasureType;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.test.TestUser;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.domain.CaseAggregateTest.*;

/**
 * Issue 14, partnership sharing: a share rests on the subject's consent naming the partner unit, like a police
 * referral; it names unit, role, categories and coordinators; it ends by unsharing, withdrawal, lapse and closing, each
 * an event; the partner writes only through a share that holds and names the writer; cost shares never exceed the whole.
 */
class PartnerSharingTest {

    static final Actor GORAN = TestUser.EXIT_COORDINATOR.actor();
    static final Actor GUNILLA = TestUser.EXIT_COORDINATOR_COLLEAGUE.actor();
    static final ConsentId PARTNER_CONSENT = new ConsentId(UUID.fromString("4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b"));
    static final Set<DataCategory> CATEGORIES = EnumSet.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY);
    /** Botkyrka's exit unit may take identity, case summary and measures, as placement municipality or housing. */
    static final PartnerRegister REGISTER = (municipality, unit) -> "0127".equals(municipality) && "botkyrka-avhopp".equals(unit)
            ? Optional.of(new PartnerRegister.PartnerUnit("0127", "botkyrka-avhopp",
            EnumSet.of(DataCategory.IDENTITY, DataCategory.CASE_SUMMARY, DataCategory.MEASURES),
            EnumSet.of(PartnerRole.PLACEMENT_MUNICIPALITY, PartnerRole.HOUSING)))
            : Optional.empty();

    FixtureConfiguration<CaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseAggregate.class);
        fixture.registerInjectableResource(DEMO_STAFF);
        fixture.registerInjectableResource(STOCKHOLM);
        fixture.registerInjectableResource(REGISTER);
    }

    static CaseOpened exitCase() {
        return opened(Program.EXIT_PROGRAM);
    }

    static ConsentRecorded partnerConsent(LocalDate until) {
        return partnerConsent(Agency.SOCIAL_SERVICES, "botkyrka-avhopp", EnumSet.of(DataCategory.IDENTITY,
                DataCategory.CASE_SUMMARY, DataCategory.MEASURES), TODAY.minusDays(1), until);
    }

    static ConsentRecorded partnerConsent(Agency agency, String unit, Set<DataCategory> categories, LocalDate from, LocalDate until) {
        return new ConsentRecorded(CASE, PARTNER_CONSENT, PARTIES, agency, unit, List.of("SUPPORT_AND_PROTECTION"),
                categories, from, until, "Samtycke 2026-201", ActedBy.of(ANNA), NOW);
    }

    static ShareCase share(String shareId, String municipality, String unit, Set<DataCategory> categories, LocalDate until) {
        return new ShareCase(CASE, shareId, municipality, unit, PartnerRole.PLACEMENT_MUNICIPALITY, categories,
                PARTNER_CONSENT, List.of(GORAN.userId()), until, null, ANNA, NOW);
    }

    static CaseSharedWithPartner shared(String shareId, LocalDate until) {
        return new CaseSharedWithPartner(CASE, shareId, "0127", "botkyrka-avhopp", PartnerRole.PLACEMENT_MUNICIPALITY,
                CATEGORIES, PARTNER_CONSENT, List.of(GORAN.userId()), TODAY, until, ActedBy.of(ANNA), NOW);
    }

    static PartnerShareEnded ended(String shareId, ShareEnd reason, Actor by) {
        return new PartnerShareEnded(CASE, shareId, "0127", "botkyrka-avhopp", reason, TODAY, List.of(GORAN.userId()),
                by == null ? null : ActedBy.of(by), NOW);
    }

    @Test
    void anExitCaseIsSharedOnTheSubjectsConsentForTheCategoriesUnitRoleAndCoordinatorsNamedAsLongAsTheConsent() {
        fixture.given(exitCase(), partnerConsent(TODAY.plusDays(90)))
                .when(share("s1", "0127", "botkyrka-avhopp", CATEGORIES, null))
                .expectEvents(shared("s1", TODAY.plusDays(90)));
    }

    @Test
    void aShareWithoutAConsentNamingThePartnerUnitOrCoveringTheCategoriesIsRefused() {
        Map<String, Runnable> refusals = Map.of(
                "consent-does-not-cover-partner", () -> fixture.given(exitCase(), partnerConsent(Agency.POLICE,
                        "polisen-haninge", CATEGORIES, TODAY, TODAY.plusDays(9))).when(share("s1", "0127", "botkyrka-avhopp", CATEGORIES, null))
                        .expectNoEvents().expectException(ClientProblem.class),
                "consent-does-not-cover-categories", () -> fixture.given(exitCase(), partnerConsent(Agency.SOCIAL_SERVICES,
                        "botkyrka-avhopp", EnumSet.of(DataCategory.IDENTITY), TODAY, TODAY.plusDays(9)))
                        .when(share("s1", "0127", "botkyrka-avhopp", CATEGORIES, null)).expectNoEvents().expectException(ClientProblem.class),
                "consent-required", () -> fixture.given(exitCase()).when(share("s1", "0127", "botkyrka-avhopp", CATEGORIES, null))
                        .expectNoEvents().expectException(ClientProblem.class),
                "consent-not-active", () -> fixture.given(exitCase(), partnerConsent(TODAY.plusDays(9)),
                                new ConsentWithdrawn(CASE, PARTNER_CONSENT, Consent.PartyRole.SUBJECT, TODAY, List.of(), ActedBy.of(ANNA), NOW))
                        .when(share("s1", "0127", "botkyrka-avhopp", CATEGORIES, null)).expectNoEvents().expectException(ClientProblem.class));
        refusals.values().forEach(r -> {
            setUp();
            r.run();
        });
        CaseFile file = CaseFile.of(List.of(exitCase(), partnerConsent(TODAY.plusDays(9))));
        assertCode(() -> Sharing.decide(file, share("s1", "0127", "botkyrka-avhopp", CATEGORIES, TODAY.plusDays(10)), REGISTER, DEMO_STAFF, STOCKHOLM),
                "share-outlasts-consent");
        assertCode(() -> Sharing.decide(file, share("s1", "0127", "botkyrka-avhopp", EnumSet.of(DataCategory.CONTACT), null),
                REGISTER, DEMO_STAFF, STOCKHOLM), "category-not-allowed-for-unit");
        assertCode(() -> Sharing.decide(file, share("s1", "0127", "botkyrka-ungdom", CATEGORIES, null), REGISTER, DEMO_STAFF, STOCKHOLM),
                "partner-unit-unknown");
        assertCode(() -> Sharing.decide(file, new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp", PartnerRole.EMPLOYMENT_SUPPORT,
                CATEGORIES, PARTNER_CONSENT, List.of(GORAN.userId()), null, null, ANNA, NOW), REGISTER, DEMO_STAFF, STOCKHOLM), "partner-role-not-allowed");
        assertCode(() -> Sharing.decide(file, new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp", PartnerRole.HOUSING,
                CATEGORIES, PARTNER_CONSENT, List.of(), null, null, ANNA, NOW), REGISTER, DEMO_STAFF, STOCKHOLM), "coordinators-required");
        CaseFile rapid = CaseFile.of(List.of(opened(), partnerConsent(TODAY.plusDays(9))));
        assertCode(() -> Sharing.decide(rapid, share("s1", "0127", "botkyrka-avhopp", CATEGORIES, null), REGISTER, DEMO_STAFF, STOCKHOLM),
                "sharing-not-allowed");
    }

    @Test
    void withdrawingTheConsentEndsTheShareAtOnceInTheSameDecisionAsItRevokesReferrals() {
        fixture.given(exitCase(), consent(), sent(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)))
                .when(new WithdrawConsent(CASE, PARTNER_CONSENT, Consent.PartyRole.SUBJECT, null, null, ANNA, NOW))
                .expectEvents(new ConsentWithdrawn(CASE, PARTNER_CONSENT, Consent.PartyRole.SUBJECT, TODAY, List.of(), ActedBy.of(ANNA), NOW),
                        ended("s1", ShareEnd.CONSENT_WITHDRAWN, ANNA));
    }

    @Test
    void withdrawingAnotherConsentLeavesTheShare() {
        fixture.given(exitCase(), consent(), sent(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)))
                .when(new WithdrawConsent(CASE, CONSENT, Consent.PartyRole.SUBJECT, null, null, ANNA, NOW))
                .expectEvents(new ConsentWithdrawn(CASE, CONSENT, Consent.PartyRole.SUBJECT, TODAY, List.of(REFERRAL), ActedBy.of(ANNA), NOW),
                        new ReferralRevoked(CASE, REFERRAL, POLICE_UNIT, RevocationReason.CONSENT_WITHDRAWN, ActedBy.of(ANNA), NOW));
    }

    @Test
    void closingTheCaseEndsEveryShare() {
        fixture.given(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)))
                .when(new CloseCase(CASE, CaseOutcome.GOALS_MET, null, ANNA, NOW))
                .expectEvents(new CaseClosed(CASE, Phase.INTAKE, "GOALS_MET", ActedBy.of(ANNA), NOW, null),
                        ended("s1", ShareEnd.CASE_CLOSED, ANNA));
    }

    @Test
    void theOwnerEndsAShareOnceAndCanShareAnewAfterwards() {
        fixture.given(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)))
                .when(new EndPartnerShare(CASE, "s1", null, ANNA, NOW))
                .expectEvents(ended("s1", ShareEnd.UNSHARED, ANNA));
        setUp();
        fixture.given(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)), ended("s1", ShareEnd.UNSHARED, ANNA))
                .when(new EndPartnerShare(CASE, "s1", null, ANNA, NOW)).expectNoEvents().expectException(ClientProblem.class);
        CaseFile file = CaseFile.of(List.of(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)),
                ended("s1", ShareEnd.UNSHARED, ANNA)));
        assertThat(Sharing.decide(file, share("s2", "0127", "botkyrka-avhopp", CATEGORIES, null), REGISTER, DEMO_STAFF, STOCKHOLM)).hasSize(1);
    }

    @Test
    void aShareLapsesTheDayAfterItsEndDateAndTheWatchRecordsWhy() {
        CaseFile file = CaseFile.of(List.of(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(10))));
        PartnerShare share = file.partnerShare("s1").orElseThrow();
        assertThat(file.shareLapse(share, TODAY.plusDays(10))).isEmpty();
        assertThat(file.shareLapse(share, TODAY.plusDays(11))).contains(ShareEnd.END_DATE_PASSED);
        assertThat(file.shareLapse(share, TODAY.plusDays(91))).as("the consent's lapse is named first").contains(ShareEnd.CONSENT_EXPIRED);

        var later = NOW.plus(java.time.Duration.ofDays(11));
        fixture.given(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(10)))
                .when(new EndLapsedPartnerShares(CASE, null, later))
                .expectEvents(new PartnerShareEnded(CASE, "s1", "0127", "botkyrka-avhopp", ShareEnd.END_DATE_PASSED,
                        TODAY.plusDays(11), List.of(GORAN.userId()), null, later));
        setUp();
        fixture.given(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(10)))
                .when(new EndLapsedPartnerShares(CASE, null, NOW)).expectNoEvents();
    }

    @Test
    void onlyACoordinatorTheLiveShareNamesWritesInThePartnerSection() {
        fixture.given(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)))
                .when(new RecordPartnerNote(CASE, "s1", "n1", "Boende ordnat i Tumba", null, GORAN, NOW))
                .expectEvents(new PartnerNoteRecorded(CASE, "s1", "0127", "n1", "Boende ordnat i Tumba", ActedBy.of(GORAN), NOW));
        CaseFile live = CaseFile.of(List.of(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90))));
        assertCode(() -> Sharing.decide(live, new RecordPartnerNote(CASE, "s1", "n1", "x", null, GUNILLA, NOW), STOCKHOLM),
                "not-assigned-to-share");
        CaseFile ended = CaseFile.of(List.of(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)),
                ended("s1", ShareEnd.UNSHARED, ANNA)));
        assertCode(() -> Sharing.decide(ended, new RecordPartnerMeasure(CASE, "s1", "m1", MeasureType.HOUSING_SUPPORT, TODAY,
                null, null, GORAN, NOW), STOCKHOLM), "share-ended");
    }

    @Test
    void costSharesOfOneCostTypeNeverExceedTheWholeOnAnyDay() {
        CaseFile file = CaseFile.of(List.of(exitCase(), partnerConsent(TODAY.plusDays(90)), shared("s1", TODAY.plusDays(90)),
                new CostShareRecorded(CASE, "c1", "0136", CostType.PLACEMENT, 60, TODAY, TODAY.plusDays(30), ActedBy.of(ANNA), NOW)));
        assertThat(Sharing.decide(file, new RecordCostShare(CASE, "c2", "0127", CostType.PLACEMENT, 40, TODAY, TODAY.plusDays(30),
                null, ANNA, NOW))).hasSize(1);
        assertCode(() -> Sharing.decide(file, new RecordCostShare(CASE, "c2", "0127", CostType.PLACEMENT, 50, TODAY.plusDays(20),
                TODAY.plusDays(60), null, ANNA, NOW)), "cost-shares-exceed-whole");
        assertThat(Sharing.decide(file, new RecordCostShare(CASE, "c2", "0127", CostType.PLACEMENT, 100, TODAY.plusDays(31),
                TODAY.plusDays(60), null, ANNA, NOW))).hasSize(1);
        assertCode(() -> Sharing.decide(file, new RecordCostShare(CASE, "c2", "0128", CostType.HOUSING, 10, TODAY, TODAY,
                null, ANNA, NOW)), "payer-not-a-partner");
    }

    @Test
    void aShareNamesOnlyActiveExitCoordinatorsOfThePartnerUnitAsTheDirectoryKnowsThem() {
        CaseFile file = CaseFile.of(List.of(exitCase(), partnerConsent(TODAY.plusDays(90))));
        java.util.function.Function<String, ShareCase> naming = userId -> new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp",
                PartnerRole.PLACEMENT_MUNICIPALITY, CATEGORIES, PARTNER_CONSENT, List.of(GORAN.userId(), userId), null, null,
                ANNA, NOW);
        assertThat(Sharing.decide(file, naming.apply(GUNILLA.userId()), REGISTER, DEMO_STAFF, STOCKHOLM)).hasSize(1);
        assertCode(() -> Sharing.decide(file, naming.apply(TestUser.SOCIAL_WORKER_OTHER_UNIT.id()), REGISTER, DEMO_STAFF,
                STOCKHOLM), "coordinator-not-in-partner-unit");
        assertCode(() -> Sharing.decide(file, naming.apply(TestUser.COMPLIANCE_OFFICER_BOTKYRKA.id()), REGISTER, DEMO_STAFF,
                STOCKHOLM), "coordinator-not-in-partner-unit");
        assertCode(() -> Sharing.decide(file, naming.apply("6f1b7c2e-0a4d-4b8e-9c51-000000000000"), REGISTER, DEMO_STAFF,
                STOCKHOLM), "coordinator-not-in-partner-unit");
        StaffDirectory left = id -> DEMO_STAFF.find(id).map(m -> m.userId().equals(GUNILLA.userId())
                ? new StaffMember(m.userId(), m.agency(), m.municipality(), m.unit(), m.caseRoles(), false) : m);
        assertCode(() -> Sharing.decide(file, naming.apply(GUNILLA.userId()), REGISTER, left, STOCKHOLM),
                "coordinator-not-in-partner-unit");
        StaffDirectory noRole = id -> DEMO_STAFF.find(id).map(m -> m.userId().equals(GUNILLA.userId())
                ? new StaffMember(m.userId(), m.agency(), m.municipality(), m.unit(), Set.of(), true) : m);
        ClientProblem problem = org.junit.jupiter.api.Assertions.assertThrows(ClientProblem.class,
                () -> Sharing.decide(file, naming.apply(GUNILLA.userId()), REGISTER, noRole, STOCKHOLM));
        assertThat(problem.getMessage()).contains(GUNILLA.userId() + " (not an exit coordinator)").doesNotContain(GORAN.userId());
    }

    @org.junit.jupiter.api.Nested
    class RiskAssessment {

        static final PartnerRegister WITH_RISK = (municipality, unit) -> REGISTER.unit(municipality, unit)
                .map(u -> new PartnerRegister.PartnerUnit(u.municipality(), u.unit(),
                        EnumSet.of(DataCategory.IDENTITY, DataCategory.RISK_ASSESSMENT), u.roles()));
        static final Set<DataCategory> RISK = EnumSet.of(DataCategory.IDENTITY, DataCategory.RISK_ASSESSMENT);
        static final String ASSESSMENT = "Hot från det tidigare nätverket i Haninge; undvik Tumba centrum.";

        ConsentRecorded consent() {
            return partnerConsent(Agency.SOCIAL_SERVICES, "botkyrka-avhopp", RISK, TODAY.minusDays(1), TODAY.plusDays(90));
        }

        ShareCase share(String text) {
            return new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp", PartnerRole.PLACEMENT_MUNICIPALITY, RISK,
                    PARTNER_CONSENT, List.of(GORAN.userId()), null, null, ANNA, NOW, null, null, text);
        }

        @Test
        void aRiskAssessmentGoesWithItsTextOnAConsentCoveringIt() {
            List<CaseEvent> events = Sharing.decide(CaseFile.of(List.of(exitCase(), consent())), share(ASSESSMENT), WITH_RISK,
                    DEMO_STAFF, STOCKHOLM);
            assertThat(events).singleElement().isInstanceOfSatisfying(CaseSharedWithPartner.class,
                    e -> assertThat(e.riskAssessment()).isEqualTo(ASSESSMENT));
            CaseFile file = CaseFile.of(List.of(exitCase(), consent(), events.getFirst()));
            assertThat(file.partnerShare("s1").orElseThrow().riskAssessment()).isEqualTo(ASSESSMENT);
            assertThat(events.getFirst().toString()).doesNotContain("Tumba");
        }

        @Test
        void withoutTheTextOrWithoutTheCategoryTheRequestIsRefused() {
            CaseFile file = CaseFile.of(List.of(exitCase(), consent()));
            assertCode(() -> Sharing.decide(file, share(" "), WITH_RISK, DEMO_STAFF, STOCKHOLM), "risk-assessment-required");
            assertCode(() -> Sharing.decide(file, new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp",
                    PartnerRole.PLACEMENT_MUNICIPALITY, EnumSet.of(DataCategory.IDENTITY), PARTNER_CONSENT,
                    List.of(GORAN.userId()), null, null, ANNA, NOW, null, null, ASSESSMENT), WITH_RISK, DEMO_STAFF, STOCKHOLM),
                    "risk-assessment-not-shared");
            assertCode(() -> Sharing.decide(file, share(ASSESSMENT), REGISTER, DEMO_STAFF, STOCKHOLM),
                    "category-not-allowed-for-unit");
        }

        @Test
        void aProtectedSubjectsRiskAssessmentNeverLeavesWithoutASecondPersonEvenOnConsent() {
            ProtectedIdentityChanged protectedNow = new ProtectedIdentityChanged(CASE,
                    se.samverkan.contracts.ProtectedIdentity.NONE, se.samverkan.contracts.ProtectedIdentity.SKYDDAD_FOLKBOKFORING,
                    ActedBy.of(CECILIA), NOW);
            CaseFile file = CaseFile.of(List.of(exitCase(), consent(), protectedNow));
            List<CaseEvent> events = Sharing.decide(file, share(ASSESSMENT), WITH_RISK, DEMO_STAFF, STOCKHOLM);
            assertThat(events).singleElement().isInstanceOfSatisfying(PartnerShareAwaitingApproval.class, e -> {
                assertThat(e.riskAssessment()).isEqualTo(ASSESSMENT);
                assertThat(e.legalBasis()).as("the consent is the basis; the protection asks for four eyes").isNull();
                assertThat(e.consentId()).isEqualTo(PARTNER_CONSENT);
            });
            CaseFile pending = CaseFile.of(List.of(exitCase(), consent(), protectedNow, events.getFirst()));
            assertThat(pending.partnerShares()).isEmpty();
            assertCode(() -> Sharing.decide(pending, new ApprovePartnerShare(CASE, "s1", null, null, ANNA, NOW), WITH_RISK,
                    DEMO_STAFF, STOCKHOLM), "four-eyes-required");
            assertThat(Sharing.decide(pending, new ApprovePartnerShare(CASE, "s1", null, null, CECILIA, NOW), WITH_RISK,
                    DEMO_STAFF, STOCKHOLM)).singleElement().isInstanceOfSatisfying(CaseSharedWithPartner.class, e -> {
                assertThat(e.approvedBy()).isEqualTo(CECILIA.userId());
                assertThat(e.riskAssessment()).isEqualTo(ASSESSMENT);
            });
            // without the risk assessment the same protected case shares on consent at once
            assertThat(Sharing.decide(file, new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp",
                    PartnerRole.PLACEMENT_MUNICIPALITY, EnumSet.of(DataCategory.IDENTITY), PARTNER_CONSENT,
                    List.of(GORAN.userId()), null, null, ANNA, NOW), WITH_RISK, DEMO_STAFF, STOCKHOLM))
                    .singleElement().isInstanceOf(CaseSharedWithPartner.class);
        }
    }

    @org.junit.jupiter.api.Nested
    class FourEyesOnADocumentedProvision {

        static final LegalBasisRule OSL_10_2 = LegalBasisCatalogue.national(se.samverkan.contracts.LegalBasis.OSL_10_2);
        static final String WEIGHING = "Placeringen i Botkyrka kräver att enheten känner till hotbilden i förväg.";

        ShareCase onProvision(String shareId, String weighing) {
            return new ShareCase(CASE, shareId, "0127", "botkyrka-avhopp", PartnerRole.PLACEMENT_MUNICIPALITY, CATEGORIES,
                    null, List.of(GORAN.userId()), TODAY.plusDays(60), null, ANNA, NOW, OSL_10_2, weighing);
        }

        PartnerShareAwaitingApproval awaiting(String shareId) {
            return new PartnerShareAwaitingApproval(CASE, shareId, "0127", "botkyrka-avhopp", PartnerRole.PLACEMENT_MUNICIPALITY,
                    CATEGORIES, "OSL_10_2", null, List.of(GORAN.userId()), TODAY.plusDays(60), WEIGHING,
                    TODAY.plusDays(Sharing.APPROVAL_WINDOW_DAYS), ActedBy.of(ANNA), NOW);
        }

        @Test
        void aShareOnAProvisionTheCatalogueGivesFourEyesWaitsForASecondPersonAndGivesThePartnerNothingYet() {
            fixture.given(exitCase()).when(onProvision("s1", WEIGHING)).expectEvents(awaiting("s1"));
            CaseFile file = CaseFile.of(List.of(exitCase(), awaiting("s1")));
            assertThat(file.partnerShares()).isEmpty();
            assertThat(file.shareAssignedTo(GORAN.userId(), GORAN.municipality(), GORAN.unit())).isEmpty();
        }

        @Test
        void aProvisionIsCheckedAsTheCatalogueSaysAndNeedsAnEndDate() {
            CaseFile file = CaseFile.of(List.of(exitCase()));
            assertCode(() -> Sharing.decide(file, onProvision("s1", "kort"), REGISTER, DEMO_STAFF, STOCKHOLM), "legal-basis-condition-failed");
            assertCode(() -> Sharing.decide(file, new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp",
                    PartnerRole.PLACEMENT_MUNICIPALITY, CATEGORIES, null, List.of(GORAN.userId()), null, null, ANNA, NOW,
                    OSL_10_2, WEIGHING), REGISTER, DEMO_STAFF, STOCKHOLM), "share-period-required");
            assertCode(() -> Sharing.decide(file, new ShareCase(CASE, "s1", "0127", "botkyrka-avhopp",
                    PartnerRole.PLACEMENT_MUNICIPALITY, CATEGORIES, null, List.of(GORAN.userId()), TODAY.plusDays(9), null,
                    ANNA, NOW, OSL_10_2.retiredNow(), WEIGHING), REGISTER, DEMO_STAFF, STOCKHOLM), "legal-basis-retired");
        }

        @Test
        void theRequesterCannotApproveOrRefuseTheirOwnRequest() {
            fixture.given(exitCase(), awaiting("s1"))
                    .when(new ApprovePartnerShare(CASE, "s1", OSL_10_2, null, ANNA, NOW))
                    .expectNoEvents().expectException(ClientProblem.class)
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("cannot approve"));
            CaseFile file = CaseFile.of(List.of(exitCase(), awaiting("s1")));
            assertCode(() -> Sharing.decide(file, new ApprovePartnerShare(CASE, "s1", OSL_10_2, null, ANNA, NOW), REGISTER,
                    DEMO_STAFF, STOCKHOLM), "four-eyes-required");
            assertCode(() -> Sharing.decide(file, new RefusePartnerShare(CASE, "s1", null, ANNA, NOW)), "four-eyes-required");
        }

        @Test
        void aSecondPersonsApprovalIsTheShareWithTheRuleItLeftUnderAndItHoldsWithoutAConsentUntilItsEndDate() {
            fixture.given(exitCase(), awaiting("s1"))
                    .when(new ApprovePartnerShare(CASE, "s1", OSL_10_2, null, CECILIA, NOW))
                    .expectEvents(new CaseSharedWithPartner(CASE, "s1", "0127", "botkyrka-avhopp",
                            PartnerRole.PLACEMENT_MUNICIPALITY, CATEGORIES, null, List.of(GORAN.userId()), TODAY,
                            TODAY.plusDays(60), ActedBy.of(CECILIA), NOW, "OSL_10_2", CECILIA.userId(), OSL_10_2.applied()));
            CaseFile file = CaseFile.of(List.of(exitCase(), awaiting("s1"), new CaseSharedWithPartner(CASE, "s1", "0127",
                    "botkyrka-avhopp", PartnerRole.PLACEMENT_MUNICIPALITY, CATEGORIES, null, List.of(GORAN.userId()), TODAY,
                    TODAY.plusDays(60), ActedBy.of(CECILIA), NOW, "OSL_10_2", CECILIA.userId(), OSL_10_2.applied())));
            assertThat(file.pendingShares()).isEmpty();
            PartnerShare share = file.partnerShare("s1").orElseThrow();
            assertThat(file.shareLapse(share, TODAY.plusDays(60))).isEmpty();
            assertThat(file.shareLapse(share, TODAY.plusDays(61))).contains(ShareEnd.END_DATE_PASSED);
        }

        @Test
        void anApprovalIsJudgedAgainOnTheCatalogueAsItStandsThen() {
            CaseFile file = CaseFile.of(List.of(exitCase(), awaiting("s1")));
            assertCode(() -> Sharing.decide(file, new ApprovePartnerShare(CASE, "s1", OSL_10_2.retiredNow(), null, CECILIA, NOW),
                    REGISTER, DEMO_STAFF, STOCKHOLM), "legal-basis-retired");
            assertCode(() -> Sharing.decide(file, new ApprovePartnerShare(CASE, "s1", null, null, CECILIA, NOW),
                    REGISTER, DEMO_STAFF, STOCKHOLM), "legal-basis-not-in-catalogue");
        }

        @Test
        void aRefusalIsAnEventAndLeavesNothingToApprove() {
            fixture.given(exitCase(), awaiting("s1"))
                    .when(new RefusePartnerShare(CASE, "s1", null, CECILIA, NOW))
                    .expectEvents(new PartnerShareRefused(CASE, "s1", "0127", "botkyrka-avhopp", ActedBy.of(CECILIA), NOW));
            CaseFile file = CaseFile.of(List.of(exitCase(), awaiting("s1"),
                    new PartnerShareRefused(CASE, "s1", "0127", "botkyrka-avhopp", ActedBy.of(CECILIA), NOW)));
            assertThat(file.pendingShares()).isEmpty();
            assertThat(Sharing.decide(file, onProvision("s2", WEIGHING), REGISTER, DEMO_STAFF, STOCKHOLM)).hasSize(1);
        }

        @Test
        void aRequestNobodyApprovesExpiresAsAnEventAndCanNoLongerBeApproved() {
            java.time.Instant late = NOW.plus(java.time.Duration.ofDays(Sharing.APPROVAL_WINDOW_DAYS + 1));
            LocalDate lateDay = TODAY.plusDays(Sharing.APPROVAL_WINDOW_DAYS + 1);
            fixture.given(exitCase(), awaiting("s1"))
                    .when(new EndLapsedPartnerShares(CASE, null, late))
                    .expectEvents(new PartnerShareRequestExpired(CASE, "s1", "0127", "botkyrka-avhopp", lateDay, null, late));
            CaseFile file = CaseFile.of(List.of(exitCase(), awaiting("s1")));
            assertCode(() -> Sharing.decide(file, new ApprovePartnerShare(CASE, "s1", OSL_10_2, null, CECILIA, late),
                    REGISTER, DEMO_STAFF, STOCKHOLM), "share-request-expired");
            assertThat(Sharing.decide(file, new EndLapsedPartnerShares(CASE, null, NOW.plus(java.time.Duration.ofDays(14))),
                    STOCKHOLM)).isEmpty();
        }

        @Test
        void aSecondRequestForTheSameUnitWaitsForTheFirstToBeDecided() {
            CaseFile file = CaseFile.of(List.of(exitCase(), awaiting("s1")));
            assertCode(() -> Sharing.decide(file, onProvision("s2", WEIGHING), REGISTER, DEMO_STAFF, STOCKHOLM), "share-awaiting-approval");
        }
    }

    private static void assertCode(org.junit.jupiter.api.function.ThrowingSupplier<List<CaseEvent>> decision, String code) {
        DecisionFunctionsTest.refused(decision, code);
    }
}
