package se.samverkan.cases.catalogue;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.catalogue.CatalogueSeals.Verification;
import se.samverkan.cases.support.IntegrationTest;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway V32 seals the baselines V26 left: versions from before seals count as such only under the sealed baseline,
 * which the service's own database role can neither add to, raise over a version it inserted, nor push over a
 * version the service sealed. Each test uses a municipality code of its own, so the rows it leaves touch no other test.
 */
class CatalogueBaselineSealsIT extends IntegrationTest {

    @Autowired
    CatalogueVersions versions;

    @Autowired
    CatalogueBaselineSeals baselineSeals;

    @Test
    void versionsFromBeforeSealsCountOnlyUnderTheBaselineAsTheMigrationSealedIt() {
        String municipality = unusedMunicipality(9000);
        insertUnsealed(municipality, 1);
        insertUnsealed(municipality, 2);
        superuser.sql("INSERT INTO catalogue_seal_baseline (catalogue, municipality, version) VALUES ('LEGAL_BASES', ?, 2)")
                .param(municipality).update();
        assertThat(verification(municipality, 2)).as("a baseline written by hand").isEqualTo(Verification.UNSEALED);

        baselineSeals.sealBaselines(superuser);
        assertThat(verification(municipality, 1)).isEqualTo(Verification.FROM_BEFORE_SEALS);
        assertThat(verification(municipality, 2)).isEqualTo(Verification.FROM_BEFORE_SEALS);

        // what the service's own role could do before it lost every write on the baselines (V33)
        superuser.sql("""
                INSERT INTO catalogue_seal_baseline (catalogue, municipality, version) VALUES ('LEGAL_BASES', ?, 999)
                ON CONFLICT (catalogue, municipality) DO UPDATE SET version = 999""").param(municipality).update();
        insertUnsealed(municipality, 3);
        assertThat(verification(municipality, 3)).isEqualTo(Verification.UNSEALED);
    }

    @Test
    void aBaselineRaisedOverASealedVersionBeforeTheMigrationIsLoweredBelowIt() {
        String municipality = unusedMunicipality(9500);
        insertUnsealed(municipality, 1);
        versions.append(CatalogueKind.LEGAL_BASES, municipality,
                new CatalogueChange(2, "through the service", "SN 2027/1", "officer", Instant.now()), "{\"entries\":[]}");
        superuser.sql("INSERT INTO catalogue_seal_baseline (catalogue, municipality, version) VALUES ('LEGAL_BASES', ?, 5)")
                .param(municipality).update();

        baselineSeals.sealBaselines(superuser);
        assertThat(superuser.sql("SELECT version FROM catalogue_seal_baseline WHERE catalogue = 'LEGAL_BASES' AND municipality = ?")
                .param(municipality).query(Integer.class).single()).isEqualTo(1);
        assertThat(verification(municipality, 1)).isEqualTo(Verification.FROM_BEFORE_SEALS);
        assertThat(verification(municipality, 2)).isEqualTo(Verification.SEALED);
        insertUnsealed(municipality, 3);
        assertThat(verification(municipality, 3)).isEqualTo(Verification.UNSEALED);
    }

    /** A code no configured municipality has (the table takes four digits), one range per test. */
    private static String unusedMunicipality(int from) {
        return Integer.toString(from + ThreadLocalRandom.current().nextInt(500));
    }

    private Verification verification(String municipality, int version) {
        return versions.verification(CatalogueKind.LEGAL_BASES, municipality, version);
    }

    private void insertUnsealed(String municipality, int version) {
        superuser.sql("""
                INSERT INTO catalogue_version (catalogue, municipality, version, document, change, changed_by, changed_at)
                VALUES ('LEGAL_BASES', ?, ?, '{"entries":[]}'::jsonb, 'by hand', 'postgres', now())""")
                .params(municipality, version).update();
    }
}
