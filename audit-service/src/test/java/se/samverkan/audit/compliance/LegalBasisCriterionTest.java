package se.samverkan.audit.compliance;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a search's legal basis leaves in the read's entry: the code only when it cannot be free text. */
class LegalBasisCriterionTest {

    private final LegalBasisCriterion criterion = new LegalBasisCriterion("a signing key".getBytes(StandardCharsets.UTF_8));

    @Test
    void nationalCodesAndProvisionsAreRecordedAsGiven() {
        for (String code : new String[]{"CONSENT", "OSL_10_18A", "OSL_10_2", "OSL_12_2", "SOL_11_1A", "LVU_1_2_3", "OSL_26_1"}) {
            assertThat(LegalBasisCriterion.recordedAsGiven(code)).as(code).isTrue();
        }
    }

    @Test
    void namesAndTheMunicipalitiesOwnCodesAreNot() {
        for (String code : new String[]{"KIM_TESTSSON", "ELSA_RADSDOTTER", "SAMTYCKE_UNDER_18", "HANINGE_SKOLA", "OSL", "OSL_X",
                "KIM_12", "OSL_1234", "OSL_10_18A_2_3", "CONSENTS"}) {
            assertThat(LegalBasisCriterion.recordedAsGiven(code)).as(code).isFalse();
        }
    }

    @Test
    void theEntryHoldsTheCodeOrItsKeyedDigestNeverBoth() {
        Map<String, Object> given = new LinkedHashMap<>();
        criterion.putInto(given, "OSL_10_18A");
        assertThat(given).containsExactly(Map.entry("legalBasis", "OSL_10_18A"));

        Map<String, Object> name = new LinkedHashMap<>();
        criterion.putInto(name, "KIM_TESTSSON");
        assertThat(name).containsOnlyKeys("legalBasisDigest");
        assertThat((String) name.get("legalBasisDigest")).matches("[0-9a-f]{72}").doesNotContain("KIM").isEqualTo(criterion.digest("KIM_TESTSSON"));

        Map<String, Object> none = new LinkedHashMap<>();
        criterion.putInto(none, null);
        assertThat(none).isEmpty();
    }

    @Test
    void theDigestIsOneCodesUnderOneKey() {
        LegalBasisCriterion otherKey = new LegalBasisCriterion("another key".getBytes(StandardCharsets.UTF_8));
        assertThat(criterion.digest("SAMTYCKE_UNDER_18")).isEqualTo(criterion.digest("SAMTYCKE_UNDER_18"))
                .isNotEqualTo(criterion.digest("SAMTYCKE_UNDER_17"))
                .isNotEqualTo(otherKey.digest("SAMTYCKE_UNDER_18"));
        // the key tag comes first: which key made a digest is told without the key
        assertThat(criterion.digest("A_B").substring(0, 8)).isEqualTo(criterion.digest("C_D").substring(0, 8))
                .isNotEqualTo(otherKey.digest("A_B").substring(0, 8));
    }
}
