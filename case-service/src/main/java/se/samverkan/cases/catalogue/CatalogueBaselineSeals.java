package se.samverkan.cases.catalogue;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Flyway V32: seals the baselines V26 left in {@code catalogue_seal_baseline}. The service's own database role can
 * write that table, and an unsealed version at or below a catalogue's baseline counts as from before seals: raising
 * the baseline passed a version inserted by hand off as trusted. The seal needs the service's key, which the database
 * never holds, hence a Java migration; it runs once, in the transaction that adds the column, so a baseline added or
 * raised afterwards has no seal that checks and counts for nothing ({@link CatalogueSeals#verify}).
 * <p>
 * A baseline at or above a catalogue's first sealed version was raised after seals began: it is lowered to just below
 * it before being sealed; one whose versions are not all there is left without a seal, so they count as unsealed.
 * What this cannot tell is a baseline raised between V26 and this migration on a catalogue the service has not sealed
 * a version of yet.
 */
@Component
class CatalogueBaselineSeals implements JavaMigration {

    private final CatalogueSeals seals;

    CatalogueBaselineSeals(CatalogueSeals seals) {
        this.seals = seals;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("32");
    }

    @Override
    public String getDescription() {
        return "seal catalogue baselines";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        jdbc.sql("ALTER TABLE catalogue_seal_baseline ADD COLUMN seal text").update();
        sealBaselines(jdbc);
    }

    /** Lowers the baselines that reach a sealed version, then seals each one over the versions beneath it. */
    void sealBaselines(JdbcClient jdbc) {
        jdbc.sql("""
                UPDATE catalogue_seal_baseline b SET version = s.first - 1
                FROM (SELECT catalogue, municipality, min(version) AS first FROM catalogue_version
                      WHERE seal IS NOT NULL GROUP BY catalogue, municipality) s
                WHERE b.catalogue = s.catalogue AND b.municipality = s.municipality AND b.version >= s.first""").update();
        record Stored(String catalogue, String municipality, int version) {
        }
        List<Stored> baselines = jdbc.sql("SELECT catalogue, municipality, version FROM catalogue_seal_baseline WHERE version > 0")
                .query((rs, n) -> new Stored(rs.getString("catalogue"), rs.getString("municipality"), rs.getInt("version")))
                .list();
        for (Stored b : baselines) {
            List<CatalogueSeals.Row> beforeSeals = CatalogueVersions.rows(jdbc, b.catalogue(), b.municipality(), b.version());
            boolean whole = beforeSeals.size() == b.version()
                    && IntStream.range(0, beforeSeals.size()).allMatch(i -> beforeSeals.get(i).version() == i + 1);
            if (whole) {
                jdbc.sql("UPDATE catalogue_seal_baseline SET seal = ? WHERE catalogue = ? AND municipality = ?")
                        .params(seals.sealBaseline(b.catalogue(), b.municipality(), beforeSeals), b.catalogue(), b.municipality())
                        .update();
            }
        }
    }
}
