package se.samverkan.cases.catalogue;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.catalogue.CatalogueSeals.Baseline;
import se.samverkan.cases.catalogue.CatalogueSeals.Row;
import se.samverkan.cases.catalogue.CatalogueSeals.Verification;
import se.samverkan.cases.config.CaseServiceProperties;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own database role can write {@code catalogue_seal_baseline} as well as append rows: an unsealed version
 * counts as from before seals only under a baseline the service sealed, and never after a version the service sealed.
 */
class CatalogueSealsTest {

    static final String CATALOGUE = "LEGAL_BASES";
    static final String HANINGE = "0136";
    static final CatalogueSeals SEALS = new CatalogueSeals(new CaseServiceProperties(
            Base64.getEncoder().encodeToString(new byte[32]), null, null, null, 7, 3, null, null, null, null, 10_000));

    static Row unsealed(int version) {
        return new Row(version, "{\"entries\":[]}", "v" + version, null, "someone", Instant.parse("2026-11-01T08:00:00Z"), null);
    }

    /** {@code unsealed} versions from before seals, then {@code sealed} ones appended by the service. */
    static List<Row> chain(int unsealed, int sealed) {
        List<Row> rows = new ArrayList<>();
        for (int v = 1; v <= unsealed + sealed; v++) {
            Row row = unsealed(v);
            if (v > unsealed) {
                Row previous = rows.isEmpty() ? null : rows.getLast();
                row = new Row(v, row.document(), row.change(), null, row.changedBy(), row.changedAt(),
                        SEALS.seal(CATALOGUE, HANINGE, row, previous));
            }
            rows.add(row);
        }
        return rows;
    }

    static Baseline sealedBaseline(List<Row> chain, int version) {
        return new Baseline(version, SEALS.sealBaseline(CATALOGUE, HANINGE, chain.subList(0, version)));
    }

    static Verification verify(List<Row> chain, Baseline baseline) {
        return SEALS.verify(CATALOGUE, HANINGE, chain, chain.size(), baseline);
    }

    @Test
    void versionsFromBeforeSealsUnderTheSealedBaselineAreAcceptedAndTheSealedOnesAfterThemCheck() {
        List<Row> chain = chain(2, 2);
        assertThat(verify(chain.subList(0, 2), sealedBaseline(chain, 2))).isEqualTo(Verification.FROM_BEFORE_SEALS);
        assertThat(verify(chain, sealedBaseline(chain, 2))).isEqualTo(Verification.SEALED);
    }

    @Test
    void aVersionAppendedByHandAfterASealedOneIsUnsealedWhateverTheBaselineSays() {
        List<Row> chain = new ArrayList<>(chain(0, 3));
        chain.add(unsealed(4));
        assertThat(verify(chain, new Baseline(999, null))).isEqualTo(Verification.UNSEALED);
        assertThat(verify(chain, new Baseline(999, "0f".repeat(32)))).isEqualTo(Verification.UNSEALED);
    }

    @Test
    void aBaselineRaisedOverAVersionAppendedByHandNoLongerChecks() {
        List<Row> chain = new ArrayList<>(chain(2, 0));
        Baseline genuine = sealedBaseline(chain, 2);
        chain.add(unsealed(3));
        assertThat(verify(chain, genuine)).isEqualTo(Verification.UNSEALED);
        assertThat(verify(chain, new Baseline(999, genuine.seal()))).as("the seal is over two versions").isEqualTo(Verification.UNSEALED);
        assertThat(verify(chain, new Baseline(3, genuine.seal()))).isEqualTo(Verification.UNSEALED);
        assertThat(verify(chain, new Baseline(3, null))).as("a baseline written by hand").isEqualTo(Verification.UNSEALED);
    }

    @Test
    void aVersionFromBeforeSealsSwappedBeneathTheBaselineIsUnsealed() {
        List<Row> chain = new ArrayList<>(chain(2, 0));
        Baseline genuine = sealedBaseline(chain, 2);
        chain.set(0, new Row(1, "{\"entries\":[{\"code\":\"OSL_10_18A\"}]}", "v1", null, "someone",
                Instant.parse("2026-11-01T08:00:00Z"), null));
        assertThat(verify(chain, genuine)).isEqualTo(Verification.UNSEALED);
    }
}
