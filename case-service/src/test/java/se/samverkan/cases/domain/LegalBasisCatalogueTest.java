package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import se.samverkan.platform.problem.ClientProblem;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.samverkan.cases.domain.LegalBasisCondition.*;

/** Issue 15: the municipality's catalogue adds provisions as data, versioned, never weakening the national ones. */
class LegalBasisCatalogueTest {

    static final LegalBasisRule OSL_10_23 = new LegalBasisRule("OSL_10_23", "OSL 10 kap. 23 §",
            "Uppgift om misstanke om brott med minst ett års fängelse", EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN), true,
            false, false, 0);

    static ClientProblem problem(Runnable change) {
        try {
            change.run();
        } catch (ClientProblem problem) {
            return problem;
        }
        throw new AssertionError("the change was accepted");
    }

    @Test
    void versionZeroIsTheNationalProvisionsAlone() {
        LegalBasisCatalogue national = LegalBasisCatalogue.nationalOnly("0136");
        assertThat(national.version()).isZero();
        assertThat(national.usableCodes()).containsExactly("CONSENT", "OSL_10_18A", "OSL_10_2");
        assertThat(national.entries()).allMatch(LegalBasisRule::national);
    }

    @Test
    void aProvisionIsAddedAsAnEntryAndEveryChangeIsANewVersion() {
        LegalBasisCatalogue v1 = LegalBasisCatalogue.nationalOnly("0136").define(OSL_10_23);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.forNewReferral("OSL_10_23")).satisfies(rule -> {
            assertThat(rule.provision()).isEqualTo("OSL 10 kap. 23 §");
            assertThat(rule.national()).isFalse();
            assertThat(rule.catalogueVersion()).isEqualTo(1);
        });
        assertThat(v1.forNewReferral("OSL_10_18A").catalogueVersion()).as("every rule is read in the catalogue's version").isEqualTo(1);

        assertThat(v1.define(OSL_10_23)).as("the same entry again changes nothing").isSameAs(v1);
        LegalBasisCatalogue v2 = v1.define(new LegalBasisRule("OSL_10_23", "OSL 10 kap. 23 §", "Ny lydelse",
                EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN, SUBJECT_UNDER_18_AT_DISCLOSURE), true, false, false, 0));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.forNewReferral("OSL_10_23").conditions()).contains(SUBJECT_UNDER_18_AT_DISCLOSURE);
        assertThat(v1.forNewReferral("OSL_10_23").conditions()).as("an older version keeps what it said")
                .doesNotContain(SUBJECT_UNDER_18_AT_DISCLOSURE);
    }

    @Test
    void aRetiredEntryStaysResolvableButNoNewReferralMayNameIt() {
        LegalBasisCatalogue retired = LegalBasisCatalogue.nationalOnly("0136").define(OSL_10_23).retire("OSL_10_23");
        assertThat(retired.version()).isEqualTo(2);
        assertThat(retired.find("OSL_10_23")).get().extracting(LegalBasisRule::retired).isEqualTo(true);
        ClientProblem refused = problem(() -> retired.forNewReferral("OSL_10_23"));
        assertThat(refused.code()).isEqualTo("unknown-code");
        assertThat(refused.properties().get("allowed")).isEqualTo(List.of("CONSENT", "OSL_10_18A", "OSL_10_2"));
        assertThat(retired.retire("OSL_10_23")).isSameAs(retired);
        assertThat(retired.define(OSL_10_23).forNewReferral("OSL_10_23").retired()).as("defining it again reinstates it").isFalse();
    }

    @Test
    void theNationalProvisionsCannotBeChangedOrRetiredByAMunicipality() {
        LegalBasisCatalogue catalogue = LegalBasisCatalogue.nationalOnly("0136");
        LegalBasisRule weakened = new LegalBasisRule("OSL_10_18A", "OSL 10 kap. 18 a §", "Utan åldersgräns",
                EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN), true, false, false, 0);
        assertThat(problem(() -> catalogue.define(weakened)).code()).isEqualTo("national-legal-basis");
        assertThat(problem(() -> catalogue.retire("CONSENT")).code()).isEqualTo("national-legal-basis");
        assertThat(problem(() -> catalogue.retire("OSL_10_99")).status()).isEqualTo(404);
    }

    @Test
    void aNationalCodeSmuggledIntoTheMunicipalPartIsIgnored() {
        // only a hand-edited catalogue_version row can hold one: the national rule still decides
        LegalBasisRule weakened = new LegalBasisRule("OSL_10_18A", "OSL 10 kap. 18 a §", "Utan åldersgräns",
                EnumSet.of(WEIGHING_OF_INTERESTS_WRITTEN), true, false, false, 0);
        LegalBasisCatalogue tampered = new LegalBasisCatalogue("0136", 7, List.of(weakened, OSL_10_23));
        assertThat(tampered.forNewReferral("OSL_10_18A").conditions()).contains(SUBJECT_UNDER_21_AT_DISCLOSURE);
        assertThat(tampered.entries()).filteredOn(r -> r.code().equals("OSL_10_18A")).hasSize(1);
        assertThat(tampered.own()).extracting(LegalBasisRule::code).containsExactly("OSL_10_23");
    }

    @Test
    void anUnknownCodeIsRefusedWithTheUsableOnes() {
        ClientProblem refused = problem(() -> LegalBasisCatalogue.nationalOnly("0136").forNewReferral("Kim Andersson"));
        assertThat(refused.code()).isEqualTo("unknown-code");
        assertThat(refused.getMessage()).contains("legalBasis", "OSL_10_18A").doesNotContain("Kim");
    }
}
