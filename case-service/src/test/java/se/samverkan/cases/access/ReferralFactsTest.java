package se.samverkan.cases.access;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.access.ReferralFacts.BasisState;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.domain.Referral;
import se.samverkan.cases.domain.ReferralId;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.platform.test.TestUser;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The access policy reads a referral's basis from the domain's one consent-lapse rule (ConsentLapse). */
class ReferralFactsTest {

    static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    static final LocalDate UNTIL = LocalDate.of(2026, 11, 30);

    static Consent consent(LocalDate withdrawnOn) {
        return new Consent(new ConsentId(UUID.randomUUID()), List.of(), Agency.POLICE, "polisen-haninge", List.of(),
                Set.of(DataCategory.IDENTITY), FROM, UNTIL, "dok-1", withdrawnOn);
    }

    /** A referral resting on a consent carries its id, whatever the basis's code (issue 15: a municipal basis may rest on one). */
    static Referral referral(String basis, boolean restsOnConsent) {
        return new Referral(new ReferralId(UUID.randomUUID()), "polisen-haninge", basis,
                restsOnConsent ? new ConsentId(UUID.randomUUID()) : null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aConsentReferralsBasisFollowsTheConsentLapse() {
        Referral referral = referral(LegalBasis.CONSENT.name(), true);
        assertThat(ReferralFacts.of(referral, consent(null), FROM).basis()).isEqualTo(BasisState.HOLDS);
        assertThat(ReferralFacts.of(referral, consent(null), UNTIL).basis()).isEqualTo(BasisState.HOLDS);
        assertThat(ReferralFacts.of(referral, consent(null), FROM.minusDays(1)).basis()).isEqualTo(BasisState.CONSENT_NOT_YET_VALID);
        assertThat(ReferralFacts.of(referral, consent(null), UNTIL.plusDays(1)).basis()).isEqualTo(BasisState.CONSENT_EXPIRED);
        assertThat(ReferralFacts.of(referral, consent(FROM), UNTIL.plusDays(1)).basis()).isEqualTo(BasisState.CONSENT_WITHDRAWN);
    }

    @Test
    void aReferralOnAnotherBasisDoesNotRestOnAConsent() {
        Referral referral = referral(LegalBasis.OSL_10_18A.name(), false);
        assertThat(ReferralFacts.of(referral, consent(FROM), UNTIL.plusDays(1)).basis()).isEqualTo(BasisState.HOLDS);
    }

    /** The attacker's side: a referral citing a consent the case does not hold gives the police nothing. */
    @Test
    void aReferralCitingAConsentTheCaseDoesNotHoldFailsClosed() {
        Referral referral = referral(LegalBasis.CONSENT.name(), true);
        ReferralFacts facts = ReferralFacts.of(referral, null, FROM);
        assertThat(facts.basis()).isEqualTo(BasisState.CONSENT_MISSING);

        CaseFacts c = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION, TestUser.HANINGE,
                TestUser.YOUTH_UNIT, List.of(), List.of(), ProtectedIdentity.NONE, CaseStatus.OPEN);
        for (Operation operation : List.of(Operation.POLICE_READ_REFERRAL, Operation.POLICE_ANSWER_REFERRAL)) {
            Decision decision = new CaseAccessPolicy().decide(AccessRequest.onReferral(TestUser.POLICE_LIAISON.actor(),
                    operation, c, facts));
            assertThat(decision.allowed()).as(operation.name()).isFalse();
            assertThat(decision.denialReason()).contains("not on the case");
        }
    }

    @Test
    void aMunicipalBasisRestingOnAConsentFollowsTheConsentLapseToo() {
        Referral referral = referral("HANINGE_SAMTYCKE_SKOLA", true);
        assertThat(ReferralFacts.of(referral, consent(null), UNTIL).basis()).isEqualTo(BasisState.HOLDS);
        assertThat(ReferralFacts.of(referral, consent(FROM), UNTIL).basis()).isEqualTo(BasisState.CONSENT_WITHDRAWN);
    }
}
