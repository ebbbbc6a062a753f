package se.samverkan.cases.domain;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.vocabulary.ConsentPurpose;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.test.TestPersonnummer;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samverkan.cases.domain.LegalBasisCondition.*;

/** Issue 15: a legal basis is a rule whose named conditions are checked on the day the data leaves. */
class ReferralLegalBasisPolicyTest {

    static final LegalBasisRule OSL_10_18A = LegalBasisCatalogue.national(LegalBasis.OSL_10_18A);
    static final LegalBasisRule OSL_10_2 = LegalBasisCatalogue.national(LegalBasis.OSL_10_2);
    static final LegalBasisRule BY_CONSENT = LegalBasisCatalogue.national(LegalBasis.CONSENT);
    static final LocalDate BORN = LocalDate.of(2006, 5, 10);
    static final LocalDate TWENTY_FIRST_BIRTHDAY = LocalDate.of(2027, 5, 10);
    static final String WEIGHING = "Risken för nya brott väger tyngre än sekretessintresset";
    static final Set<DataCategory> IDENTITY = EnumSet.of(DataCategory.IDENTITY);
    static final ConsentId CONSENT_ID = new ConsentId(UUID.randomUUID());

    static Personnummer bornOn(LocalDate birth) {
        return Personnummer.parse(TestPersonnummer.bornOn(birth));
    }

    static Disclosure disclosure(LocalDate day, Personnummer subject, ConsentPurpose purpose, String weighing) {
        return new Disclosure(day, subject, purpose, weighing, null, Optional.empty(), "polisen-haninge", IDENTITY);
    }

    static ClientProblem refusal(LegalBasisRule rule, Disclosure disclosure) {
        try {
            ReferralLegalBasisPolicy.checkDisclosure(rule, disclosure);
        } catch (ClientProblem problem) {
            return problem;
        }
        throw new AssertionError("the disclosure was let through");
    }

    @SuppressWarnings("unchecked")
    static List<String> failed(ClientProblem problem) {
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.code()).isEqualTo("legal-basis-condition-failed");
        return (List<String>) problem.properties().get("failedConditions");
    }

    @Nested
    class Osl10_18a {

        @Test
        void holdsForAYouthUnder21PreventingCrimeWithAWrittenWeighing() {
            assertThatCode(() -> ReferralLegalBasisPolicy.checkDisclosure(OSL_10_18A,
                    disclosure(TWENTY_FIRST_BIRTHDAY.minusDays(1), bornOn(BORN), ConsentPurpose.CRIME_PREVENTION, WEIGHING)))
                    .doesNotThrowAnyException();
        }

        @Test
        void isRefusedOnThe21stBirthdayAndAfterNamingTheAgeCondition() {
            for (LocalDate day : List.of(TWENTY_FIRST_BIRTHDAY, TWENTY_FIRST_BIRTHDAY.plusYears(3))) {
                ClientProblem problem = refusal(OSL_10_18A, disclosure(day, bornOn(BORN), ConsentPurpose.CRIME_PREVENTION, WEIGHING));
                assertThat(failed(problem)).containsExactly(SUBJECT_UNDER_21_AT_DISCLOSURE.name());
                assertThat(problem.getMessage()).contains("OSL 10 kap. 18 a §", "turned 21", day.toString())
                        .as("never the date of birth or the number").doesNotContain("2006", "0510");
            }
        }

        @Test
        void countsTheAgeOfACoordinationNumberFromItsRealDayOfBirth() {
            Personnummer coordination = Personnummer.parse(TestPersonnummer.coordinationNumberBornOn(BORN));
            assertThat(coordination.isCoordinationNumber()).isTrue();
            assertThatCode(() -> ReferralLegalBasisPolicy.checkDisclosure(OSL_10_18A,
                    disclosure(TWENTY_FIRST_BIRTHDAY.minusDays(1), coordination, ConsentPurpose.CRIME_PREVENTION, WEIGHING)))
                    .doesNotThrowAnyException();
            assertThat(failed(refusal(OSL_10_18A, disclosure(TWENTY_FIRST_BIRTHDAY, coordination, ConsentPurpose.CRIME_PREVENTION, WEIGHING))))
                    .containsExactly(SUBJECT_UNDER_21_AT_DISCLOSURE.name());
        }

        @Test
        void aLeapDayChildTurns21OnThe28thOfFebruaryOfACommonYear() {
            Personnummer leapling = bornOn(LocalDate.of(2008, 2, 29));
            assertThatCode(() -> ReferralLegalBasisPolicy.checkDisclosure(OSL_10_18A,
                    disclosure(LocalDate.of(2029, 2, 27), leapling, ConsentPurpose.CRIME_PREVENTION, WEIGHING))).doesNotThrowAnyException();
            assertThat(failed(refusal(OSL_10_18A, disclosure(LocalDate.of(2029, 2, 28), leapling, ConsentPurpose.CRIME_PREVENTION, WEIGHING))))
                    .containsExactly(SUBJECT_UNDER_21_AT_DISCLOSURE.name());
        }

        @Test
        void appliesOnlyToPreventingCrime() {
            ClientProblem other = refusal(OSL_10_18A, disclosure(TWENTY_FIRST_BIRTHDAY.minusYears(3), bornOn(BORN),
                    ConsentPurpose.JOINT_PLANNING, WEIGHING));
            assertThat(failed(other)).containsExactly(PURPOSE_IS_CRIME_PREVENTION.name());
            assertThat(other.getMessage()).contains("JOINT_PLANNING", "CRIME_PREVENTION");
            ClientProblem none = refusal(OSL_10_18A, disclosure(TWENTY_FIRST_BIRTHDAY.minusYears(3), bornOn(BORN), null, WEIGHING));
            assertThat(failed(none)).containsExactly(PURPOSE_IS_CRIME_PREVENTION.name());
            assertThat(none.getMessage()).contains("states no purpose");
        }

        @Test
        void namesEveryConditionThatFailsAtOnce() {
            ClientProblem problem = refusal(OSL_10_18A, disclosure(TWENTY_FIRST_BIRTHDAY, bornOn(BORN), ConsentPurpose.FOLLOW_UP, "kort"));
            assertThat(failed(problem)).containsExactlyInAnyOrder(SUBJECT_UNDER_21_AT_DISCLOSURE.name(),
                    PURPOSE_IS_CRIME_PREVENTION.name(), WEIGHING_OF_INTERESTS_WRITTEN.name());
            assertThat(problem.properties()).containsEntry("legalBasis", "OSL_10_18A").containsEntry("provision", "OSL 10 kap. 18 a §");
        }

        @Test
        void withoutAnIdentityNumberTheAgeCannotBeEstablishedSoNothingLeaves() {
            assertThat(failed(refusal(OSL_10_18A, disclosure(TWENTY_FIRST_BIRTHDAY.minusYears(5), null,
                    ConsentPurpose.CRIME_PREVENTION, WEIGHING)))).containsExactly(SUBJECT_UNDER_21_AT_DISCLOSURE.name());
        }
    }

    @Test
    void osl10_2NeedsOnlyTheWrittenWeighingWhateverTheAge() {
        assertThatCode(() -> ReferralLegalBasisPolicy.checkDisclosure(OSL_10_2,
                disclosure(TWENTY_FIRST_BIRTHDAY.plusYears(10), bornOn(BORN), null, WEIGHING))).doesNotThrowAnyException();
        assertThat(failed(refusal(OSL_10_2, disclosure(TWENTY_FIRST_BIRTHDAY, bornOn(BORN), null, "  kort   "))))
                .containsExactly(WEIGHING_OF_INTERESTS_WRITTEN.name());
    }

    @Nested
    class RestingOnConsent {

        Consent consent(List<String> purposes, LocalDate withdrawnOn) {
            return new Consent(CONSENT_ID, List.of(), Agency.POLICE, "polisen-haninge", purposes, IDENTITY,
                    LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), "dok", withdrawnOn);
        }

        Disclosure on(Consent consent, ConsentPurpose purpose) {
            return new Disclosure(LocalDate.of(2026, 6, 1), bornOn(BORN), purpose, null, CONSENT_ID, Optional.ofNullable(consent),
                    "polisen-haninge", IDENTITY);
        }

        @Test
        void keepsTheConsentsOwnSpecificRefusals() {
            assertThat(refusal(BY_CONSENT, on(null, null)).code()).isEqualTo("consent-not-found");
            assertThat(refusal(BY_CONSENT, on(consent(List.of("CRIME_PREVENTION"), LocalDate.of(2026, 5, 1)), null)).code())
                    .isEqualTo("consent-withdrawn");
            assertThat(refusal(BY_CONSENT, new Disclosure(LocalDate.of(2026, 6, 1), null, null, null, null, Optional.empty(),
                    "polisen-haninge", IDENTITY)).code()).isEqualTo("consent-required");
        }

        @Test
        void aStatedPurposeMustBeOneTheConsentCovers() {
            assertThatCode(() -> ReferralLegalBasisPolicy.checkDisclosure(BY_CONSENT,
                    on(consent(List.of("CRIME_PREVENTION"), null), ConsentPurpose.CRIME_PREVENTION))).doesNotThrowAnyException();
            assertThatCode(() -> ReferralLegalBasisPolicy.checkDisclosure(BY_CONSENT,
                    on(consent(List.of("CRIME_PREVENTION"), null), null))).doesNotThrowAnyException();
            assertThat(refusal(BY_CONSENT, on(consent(List.of("CRIME_PREVENTION"), null), ConsentPurpose.EXIT_SUPPORT)).code())
                    .isEqualTo("consent-does-not-cover-purpose");
        }

        @Test
        void aMunicipalBasisCombinesTheConsentWithTheAgeCheck() {
            LegalBasisRule schoolUnder18 = new LegalBasisRule("SAMTYCKE_UNDER_18", "OSL 12 kap. 2 §", "Samtycke, den unge under 18 år",
                    EnumSet.of(CONSENT_COVERS_DISCLOSURE, SUBJECT_UNDER_18_AT_DISCLOSURE), false, false, false, 4);
            Consent valid = consent(List.of("CRIME_PREVENTION"), null);
            Disclosure atSeventeen = new Disclosure(BORN.plusYears(17), bornOn(BORN), null, null, CONSENT_ID, Optional.of(
                    new Consent(CONSENT_ID, List.of(), Agency.POLICE, "polisen-haninge", List.of(), IDENTITY,
                            BORN.plusYears(16), BORN.plusYears(20), "dok", null)), "polisen-haninge", IDENTITY);
            assertThatCode(() -> ReferralLegalBasisPolicy.checkDisclosure(schoolUnder18, atSeventeen)).doesNotThrowAnyException();
            assertThat(failed(refusal(schoolUnder18, on(valid, null)))).containsExactly(SUBJECT_UNDER_18_AT_DISCLOSURE.name());
        }
    }

    @Test
    void aRetiredBasisOrOneNoLongerInTheCatalogueDisclosesNothing() {
        ClientProblem retired = refusal(OSL_10_2.retiredNow(), disclosure(TWENTY_FIRST_BIRTHDAY, bornOn(BORN), null, WEIGHING));
        assertThat(retired.code()).isEqualTo("legal-basis-retired");
        assertThat(retired.status()).isEqualTo(422);
        assertThat(refusal(null, disclosure(TWENTY_FIRST_BIRTHDAY, bornOn(BORN), null, WEIGHING)).code())
                .isEqualTo("legal-basis-not-in-catalogue");
    }

    @Nested
    class Rules {

        ClientProblem invalid(Runnable rule) {
            try {
                rule.run();
            } catch (ClientProblem problem) {
                assertThat(problem.code()).isEqualTo("invalid-legal-basis");
                assertThat(problem.status()).isEqualTo(422);
                return problem;
            }
            throw new AssertionError("the rule was accepted");
        }

        @Test
        void aBasisWithoutConsentNeedsFourEyesAndAWrittenWeighing() {
            assertThat(invalid(() -> new LegalBasisRule("OSL_10_23", "OSL 10 kap. 23 §", "Misstanke om brott",
                    EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN), false, false, false, 1)).getMessage()).contains("fourEyes");
            assertThat(invalid(() -> new LegalBasisRule("OSL_10_23", "OSL 10 kap. 23 §", "Misstanke om brott",
                    EnumSet.of(SUBJECT_UNDER_21_AT_DISCLOSURE), true, false, false, 1)).getMessage())
                    .contains(WEIGHING_OF_INTERESTS_WRITTEN.name());
            assertThatCode(() -> new LegalBasisRule("OSL_10_23", "OSL 10 kap. 23 §", "Misstanke om brott",
                    EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN), true, false, false, 1)).doesNotThrowAnyException();
        }

        @Test
        void aCodeIsACodeAndEveryPartIsStated() {
            invalid(() -> new LegalBasisRule("Kim Andersson", "OSL", "x", EnumSet.of(CONSENT_COVERS_DISCLOSURE), false, false, false, 1));
            invalid(() -> new LegalBasisRule("OSL_10_23", " ", "x", EnumSet.of(CONSENT_COVERS_DISCLOSURE), false, false, false, 1));
            invalid(() -> new LegalBasisRule("OSL_10_23", "OSL", null, EnumSet.of(CONSENT_COVERS_DISCLOSURE), false, false, false, 1));
            invalid(() -> new LegalBasisRule("OSL_10_23", "OSL", "x", Set.of(), false, false, false, 1));
        }

        @Test
        void theNationalProvisionsAreWhatTheStoredCodesAlwaysMeant() {
            assertThat(LegalBasisCatalogue.NATIONAL).extracting(LegalBasisRule::code)
                    .containsExactly("CONSENT", "OSL_10_18A", "OSL_10_2");
            assertThat(OSL_10_18A.conditions()).containsExactlyInAnyOrder(SUBJECT_UNDER_21_AT_DISCLOSURE,
                    PURPOSE_IS_CRIME_PREVENTION, WEIGHING_OF_INTERESTS_WRITTEN);
            assertThat(OSL_10_18A.fourEyes()).isTrue();
            assertThat(OSL_10_2.fourEyes()).isTrue();
            assertThat(BY_CONSENT.fourEyes()).isFalse();
            assertThat(BY_CONSENT.restsOnConsent()).isTrue();
        }
    }
}
