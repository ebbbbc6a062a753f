package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.vocabulary.Labelled;
import se.samverkan.contracts.vocabulary.MeasureType;
import se.samverkan.contracts.vocabulary.Vocabularies;
import se.samverkan.platform.problem.ClientProblem;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: each municipality's version of the shared vocabularies. */
class MunicipalVocabularyTest {

    static final MunicipalVocabulary HANINGE = MunicipalVocabulary.nationalOnly("0136", "HANINGE_");

    static ClientProblem problem(Runnable change) {
        try {
            change.run();
        } catch (ClientProblem problem) {
            return problem;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void everyRegisteredVocabularyIsServedWithItsNationalCodesAndSwedishLabels() {
        // generic over Vocabularies: a vocabulary registered there (concern types, …) joins without code here
        assertThat(MunicipalVocabulary.vocabularies()).containsExactlyElementsOf(Vocabularies.fixed().keySet());
        Vocabularies.fixed().forEach((name, type) -> assertThat(HANINGE.codes(name)).extracting(MunicipalVocabulary.Code::code)
                .containsExactlyElementsOf(Vocabularies.codes(type)));
        Vocabularies.fixed().forEach((name, type) -> Arrays.stream(type.getEnumConstants()).forEach(c ->
                assertThat(HANINGE.resolve(name, c.name())).get().extracting(MunicipalVocabulary.Code::label)
                        .isEqualTo(((Labelled) c).label())));
    }

    @Test
    void theSeedsParentSupportAndSchoolAndWorkMeasuresAreNationalCodes() {
        assertThat(HANINGE.codes("measureType")).extracting(MunicipalVocabulary.Code::label)
                .contains("Föräldrastödsgrupp", "Föräldramottagning", "Familjestöd", "Stöd i skolan", "Stöd vid skolfrånvaro",
                        "Stöd till arbete", "Feriearbete", "Arbetsträning eller praktik");
    }

    @Test
    void aMunicipalityAddsItsOwnCodeUnderANationalOneAndACommandRecordsBoth() {
        MunicipalVocabulary v1 = HANINGE.define("measureType", "HANINGE_COPE", "PARENT_SUPPORT_GROUP", "COPE föräldragrupp");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.choose("measureType", "HANINGE_COPE")).isEqualTo(new MunicipalVocabulary.Chosen("PARENT_SUPPORT_GROUP", "HANINGE_COPE"));
        assertThat(v1.choose("measureType", "FAMILY_SUPPORT")).isEqualTo(new MunicipalVocabulary.Chosen("FAMILY_SUPPORT", null));
        assertThat(v1.define("measureType", "HANINGE_COPE", "PARENT_SUPPORT_GROUP", " COPE föräldragrupp ")).isSameAs(v1);
        assertThat(HANINGE.resolve("measureType", "HANINGE_COPE")).as("version 0 does not know it").isEmpty();
    }

    @Test
    void ownCodesCarryTheMunicipalitysPrefixSitUnderANationalCodeAndKeepTheirParent() {
        assertThat(problem(() -> HANINGE.define("measureType", "COPE", "PARENT_SUPPORT_GROUP", "COPE")).getMessage()).contains("HANINGE_");
        assertThat(problem(() -> HANINGE.define("measureType", "BOTKYRKA_COPE", "PARENT_SUPPORT_GROUP", "COPE")).code())
                .isEqualTo("invalid-code-definition");
        assertThat(problem(() -> HANINGE.define("measureType", "HANINGE_COPE", "GOALS_MET", "COPE")).getMessage())
                .contains("parent", "PARENT_SUPPORT_GROUP");
        assertThat(problem(() -> HANINGE.define("measureType", "HANINGE_COPE", null, "COPE")).code()).isEqualTo("invalid-code-definition");
        assertThat(problem(() -> HANINGE.define("measureType", "HANINGE_COPE", "PARENT_SUPPORT_GROUP", null)).getMessage()).contains("label");
        assertThat(problem(() -> HANINGE.define("measureType", "HANINGE_Kim Andersson", "OTHER", "x")).code())
                .isEqualTo("invalid-code-definition");
        MunicipalVocabulary defined = HANINGE.define("measureType", "HANINGE_COPE", "PARENT_SUPPORT_GROUP", "COPE");
        assertThat(problem(() -> defined.define("measureType", "HANINGE_COPE", "FAMILY_SUPPORT", "COPE")).code())
                .isEqualTo("code-parent-fixed");
        assertThat(problem(() -> HANINGE.define("noSuchVocabulary", "HANINGE_X", "OTHER", "x")).status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRetiredCodeIsRefusedForNewRecordsButStaysReadableWithItsLabel() {
        MunicipalVocabulary retired = HANINGE.define("measureType", "HANINGE_COPE", "PARENT_SUPPORT_GROUP", "COPE föräldragrupp")
                .retire("measureType", "HANINGE_COPE").retire("measureType", "YOUTH_SERVICE");
        assertThat(retired.version()).isEqualTo(3);
        ClientProblem refused = problem(() -> retired.choose("measureType", "HANINGE_COPE"));
        assertThat(refused.code()).isEqualTo("unknown-code");
        assertThat(refused.properties()).containsEntry("field", "measureType");
        assertThat((java.util.List<String>) refused.properties().get("allowed")).contains("PARENT_SUPPORT_GROUP")
                .doesNotContain("HANINGE_COPE", "YOUTH_SERVICE");
        assertThat(problem(() -> retired.choose("measureType", "YOUTH_SERVICE")).code()).isEqualTo("unknown-code");
        assertThat(retired.resolve("measureType", "HANINGE_COPE")).get()
                .satisfies(c -> assertThat(c.label()).isEqualTo("COPE föräldragrupp"))
                .satisfies(c -> assertThat(c.retired()).isTrue());
        assertThat(retired.resolve("measureType", "YOUTH_SERVICE")).get().extracting(MunicipalVocabulary.Code::label)
                .isEqualTo(MeasureType.YOUTH_SERVICE.label());
        assertThat(retired.define("measureType", "YOUTH_SERVICE", null, null).choose("measureType", "YOUTH_SERVICE").national())
                .as("defining it again reinstates it").isEqualTo("YOUTH_SERVICE");
        assertThat(retired.retire("measureType", "YOUTH_SERVICE")).isSameAs(retired);
    }

    @Test
    void aNationalCodeIsRelabelledForTheMunicipalityAndBackToTheNationalLabel() {
        MunicipalVocabulary relabelled = HANINGE.define("measureType", "FAMILY_SUPPORT", null, "Familjestöd (Familjeteamet)");
        assertThat(relabelled.resolve("measureType", "FAMILY_SUPPORT")).get().extracting(MunicipalVocabulary.Code::label)
                .isEqualTo("Familjestöd (Familjeteamet)");
        assertThat(relabelled.define("measureType", "FAMILY_SUPPORT", null, null).resolve("measureType", "FAMILY_SUPPORT"))
                .get().extracting(MunicipalVocabulary.Code::label).isEqualTo("Familjestöd");
        assertThat(problem(() -> HANINGE.define("measureType", "FAMILY_SUPPORT", "OTHER", "x")).getMessage()).contains("national code");
    }

    @Test
    void thePurposesAreComparedByCodeSoAMunicipalityMayOnlyRelabelThem() {
        assertThat(problem(() -> HANINGE.define("purposes", "HANINGE_SKOLA", "CRIME_PREVENTION", "Skola")).code())
                .isEqualTo("closed-vocabulary");
        assertThat(problem(() -> HANINGE.retire("purposes", "CRIME_PREVENTION")).code()).isEqualTo("closed-vocabulary");
        assertThat(HANINGE.define("purposes", "CRIME_PREVENTION", null, "Förebygga brott").resolve("purposes", "CRIME_PREVENTION"))
                .get().extracting(MunicipalVocabulary.Code::label).isEqualTo("Förebygga brott");
    }

    @Test
    void anUnknownCodeIsRefusedWithoutEchoingIt() {
        ClientProblem refused = problem(() -> HANINGE.choose("outcome", "Kim Andersson flyttade"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.getMessage()).contains("outcome", "GOALS_MET").doesNotContain("Kim");
    }

    @Test
    void thePrefixIsTheMunicipalitysNameInCapitalsWithoutDiacritics() {
        assertThat(MunicipalVocabulary.prefixFor("Södertälje")).isEqualTo("SODERTALJE_");
        assertThat(MunicipalVocabulary.prefixFor("Tyresö")).isEqualTo("TYRESO_");
        assertThat(MunicipalVocabulary.prefixFor("Haninge")).isEqualTo("HANINGE_");
    }
}
