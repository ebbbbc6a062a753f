package se.samverkan.cases.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.*;
import se.samverkan.contracts.vocabulary.ConsentPurpose;
import se.samverkan.contracts.vocabulary.MeasureType;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.test.TestPersonnummer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static se.samverkan.cases.domain.CaseAggregateTest.*;
import static se.samverkan.cases.domain.LegalBasisCondition.*;

/**
 * Issue 15 on the aggregate: the legal basis is judged when the data leaves — at creation for a basis without four
 * eyes, again at approval for one with — and the rule it left under is recorded with it.
 */
class LegalBasisAggregateTest {

    static final LocalDate BORN = LocalDate.of(2006, 5, 10);
    static final Subject TWENTY_YEAR_OLD = new Subject(TestPersonnummer.bornOn(BORN).replace("-", ""), "Robin", BORN,
            "Vägen 2", List.of(), ProtectedIdentity.NONE);
    /** Drafted the day before the 21st birthday (noon in Stockholm), approved on it and two days later. */
    static final Instant DRAFTED = LocalDate.of(2027, 5, 9).atTime(12, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant();
    static final Instant ON_THE_BIRTHDAY = LocalDate.of(2027, 5, 10).atTime(0, 30).atZone(ZoneId.of("Europe/Stockholm")).toInstant();
    static final String WEIGHING = "Risken för nya brott väger tyngre än sekretessintresset";
    static final Set<DataCategory> IDENTITY = EnumSet.of(DataCategory.IDENTITY);

    FixtureConfiguration<CaseAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CaseAggregate.class);
        fixture.registerInjectableResource(DEMO_STAFF);
        fixture.registerInjectableResource(STOCKHOLM);
    }

    static CaseOpened openedFor(Subject subject) {
        return new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, subject, List.of(ANNA.userId()),
                CaseOrigin.SOCIAL_SERVICES, Phase.INTAKE, ActedBy.of(ANNA), DRAFTED);
    }

    static ReferralAwaitingApproval draftedAt20() {
        return new ReferralAwaitingApproval(CASE, REFERRAL, POLICE_UNIT, "OSL_10_18A", IDENTITY, null, null, WEIGHING,
                ActedBy.of(ANNA), DRAFTED, null, "CRIME_PREVENTION", null);
    }

    @Test
    void aReferralDraftedAt20WaitsForApproval() {
        fixture.given(openedFor(TWENTY_YEAR_OLD))
                .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, OSL_10_18A, ConsentPurpose.CRIME_PREVENTION, null, IDENTITY,
                        null, null, WEIGHING, null, ANNA, DRAFTED))
                .expectEvents(draftedAt20());
    }

    @Test
    void aReferralDraftedAt20IsRefusedAtAnApprovalOnOrAfterThe21stBirthday() {
        for (Instant approval : List.of(ON_THE_BIRTHDAY, ON_THE_BIRTHDAY.plusSeconds(2 * 86_400))) {
            fixture.given(openedFor(TWENTY_YEAR_OLD), draftedAt20())
                    .when(new ApproveReferral(CASE, REFERRAL, OSL_10_18A, null, CECILIA, approval))
                    .expectNoEvents()
                    .expectException(ClientProblem.class)
                    .expectExceptionMessage(allOf(containsString("OSL 10 kap. 18 a §"), containsString("turned 21")));
        }
    }

    @Test
    void theApprovalOnTheLastDayBefore21SendsAndRecordsTheRuleItWasSentUnder() {
        Instant lastDay = LocalDate.of(2027, 5, 9).atTime(23, 30).atZone(ZoneId.of("Europe/Stockholm")).toInstant();
        LegalBasisRule inVersion4 = OSL_10_18A.inVersion(4);
        fixture.given(openedFor(TWENTY_YEAR_OLD), draftedAt20())
                .when(new ApproveReferral(CASE, REFERRAL, inVersion4, null, CECILIA, lastDay))
                .expectEvents(new ReferralSent(CASE, REFERRAL, POLICE_UNIT, "OSL_10_18A", null, IDENTITY,
                        ReferralSnapshot.of(IDENTITY, TWENTY_YEAR_OLD, List.of(), null, null, true), CECILIA.userId(),
                        ActedBy.of(CECILIA), lastDay, null, "CRIME_PREVENTION",
                        new LegalBasisApplied(4, "OSL 10 kap. 18 a §", EnumSet.of(SUBJECT_UNDER_21_AT_DISCLOSURE,
                                PURPOSE_IS_CRIME_PREVENTION, WEIGHING_OF_INTERESTS_WRITTEN), true)));
    }

    @Test
    void aYouthAlready21IsRefusedAtCreation() {
        fixture.given(openedFor(TWENTY_YEAR_OLD))
                .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, OSL_10_18A, ConsentPurpose.CRIME_PREVENTION, null, IDENTITY,
                        null, null, WEIGHING, null, ANNA, ON_THE_BIRTHDAY))
                .expectNoEvents().expectException(ClientProblem.class).expectExceptionMessage(containsString("turned 21"));
    }

    @Test
    void aSecondApproverCannotApproveOnABasisTheMunicipalityRetiredMeanwhile() {
        LegalBasisRule osl1023 = new LegalBasisRule("OSL_10_23", "OSL 10 kap. 23 §", "Misstanke om brott",
                EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN), true, false, false, 1);
        ReferralAwaitingApproval drafted = new ReferralAwaitingApproval(CASE, REFERRAL, POLICE_UNIT, "OSL_10_23", IDENTITY, null,
                null, WEIGHING, ActedBy.of(ANNA), DRAFTED, null, null, null);
        fixture.given(openedFor(TWENTY_YEAR_OLD), drafted)
                .when(new ApproveReferral(CASE, REFERRAL, osl1023.retiredNow().inVersion(2), null, CECILIA, DRAFTED))
                .expectNoEvents().expectException(ClientProblem.class).expectExceptionMessage(containsString("retired"));
        fixture.given(openedFor(TWENTY_YEAR_OLD), drafted)
                .when(new ApproveReferral(CASE, REFERRAL, null, null, CECILIA, DRAFTED))
                .expectNoEvents().expectException(ClientProblem.class).expectExceptionMessage(containsString("no longer in"));
    }

    /** A municipality's basis may rest on consent and still want four eyes: the consent is checked again at approval. */
    @Test
    void aConsentBasisWithFourEyesCarriesTheConsentToTheApprovalAndIsRevokedWithIt() {
        LegalBasisRule consentAndFourEyes = new LegalBasisRule("SAMTYCKE_FYRA_OGON", "OSL 12 kap. 2 §", "Samtycke, två granskar",
                EnumSet.of(CONSENT_COVERS_DISCLOSURE), true, false, false, 3);
        ConsentRecorded consent = new ConsentRecorded(CASE, CONSENT, List.of(), Agency.POLICE, POLICE_UNIT, List.of("CRIME_PREVENTION"),
                IDENTITY, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31), "dok", ActedBy.of(ANNA), DRAFTED);
        ReferralAwaitingApproval drafted = new ReferralAwaitingApproval(CASE, REFERRAL, POLICE_UNIT, "SAMTYCKE_FYRA_OGON", IDENTITY,
                null, null, null, ActedBy.of(ANNA), DRAFTED, null, null, CONSENT);
        fixture.given(openedFor(TWENTY_YEAR_OLD), consent)
                .when(new CreateReferral(CASE, REFERRAL, POLICE_UNIT, consentAndFourEyes, null, CONSENT, IDENTITY, null, null, null,
                        null, ANNA, DRAFTED))
                .expectEvents(drafted);
        ConsentWithdrawn withdrawn = new ConsentWithdrawn(CASE, CONSENT, Consent.PartyRole.SUBJECT, LocalDate.of(2027, 5, 9),
                List.of(REFERRAL), ActedBy.of(ANNA), DRAFTED);
        fixture.given(openedFor(TWENTY_YEAR_OLD), consent, drafted)
                .when(new WithdrawConsent(CASE, CONSENT, Consent.PartyRole.SUBJECT, LocalDate.of(2027, 5, 9), null, ANNA, DRAFTED))
                .expectEvents(withdrawn, new ReferralRevoked(CASE, REFERRAL, POLICE_UNIT, RevocationReason.CONSENT_WITHDRAWN,
                        ActedBy.of(ANNA), DRAFTED));
        fixture.given(openedFor(TWENTY_YEAR_OLD), consent, drafted, new ConsentWithdrawn(CASE, CONSENT, Consent.PartyRole.SUBJECT,
                        LocalDate.of(2027, 5, 9), List.of(), ActedBy.of(ANNA), DRAFTED))
                .when(new ApproveReferral(CASE, REFERRAL, consentAndFourEyes, null, CECILIA, DRAFTED))
                .expectNoEvents().expectException(ClientProblem.class).expectExceptionMessage(containsString("withdrawn"));
    }

    @Test
    void aMunicipalitysOwnCodeIsRecordedBesideTheNationalOne() {
        fixture.given(openedFor(TWENTY_YEAR_OLD))
                .when(new RecordMeasure(CASE, "m1", MeasureType.PARENT_SUPPORT_GROUP, LocalDate.of(2027, 6, 1), null, null, ANNA,
                        DRAFTED, "HANINGE_COPE"))
                .expectEvents(new MeasureRecorded(CASE, "m1", "PARENT_SUPPORT_GROUP", LocalDate.of(2027, 6, 1), null, ActedBy.of(ANNA),
                        DRAFTED, "HANINGE_COPE"));
        fixture.given(openedFor(TWENTY_YEAR_OLD))
                .when(new RecordMeasure(CASE, "m1", MeasureType.OTHER, LocalDate.of(2027, 6, 1), null, null, ANNA, DRAFTED,
                        "Kim Andersson"))
                .expectNoEvents().expectException(ClientProblem.class);
    }
}
