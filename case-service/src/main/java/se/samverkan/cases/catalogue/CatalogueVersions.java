package se.samverkan.cases.catalogue;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.platform.problem.ClientProblem;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The table {@code catalogue_version}: one row per version, appended, never changed (triggers refuse it). */
@Component
class CatalogueVersions {

    record Stored(CatalogueChange change, String document) {
    }

    private final JdbcClient jdbc;
    private final CatalogueSeals seals;

    CatalogueVersions(JdbcClient jdbc, CatalogueSeals seals) {
        this.jdbc = jdbc;
        this.seals = seals;
    }

    /** Whether the chain of versions up to {@code version} is the service's own (version 0: the national part). */
    CatalogueSeals.Verification verification(CatalogueKind kind, String municipality, int version) {
        if (version == 0) {
            return CatalogueSeals.Verification.SEALED;
        }
        CatalogueSeals.Baseline baseline = jdbc.sql("SELECT version, seal FROM catalogue_seal_baseline WHERE catalogue = ? AND municipality = ?")
                .params(kind.name(), municipality)
                .query((rs, n) -> new CatalogueSeals.Baseline(rs.getInt("version"), rs.getString("seal")))
                .optional().orElse(CatalogueSeals.Baseline.NONE);
        // the baseline's seal covers every version beneath it, so those are read even for an earlier version
        List<CatalogueSeals.Row> chain = rows(jdbc, kind.name(), municipality, Math.max(version, baseline.version()));
        for (int i = 0; i < chain.size() && chain.get(i).version() <= version; i++) {
            if (chain.get(i).version() != i + 1) {
                return CatalogueSeals.Verification.CHAIN_BROKEN; // a version missing from the chain
            }
        }
        return seals.verify(kind.name(), municipality, chain, version, baseline);
    }

    /** The stored versions 1 to {@code upTo} of a catalogue, oldest first, as their seals cover them. */
    static List<CatalogueSeals.Row> rows(JdbcClient jdbc, String catalogue, String municipality, int upTo) {
        return jdbc.sql("""
                        SELECT version, document::text AS document, change, decision_reference, changed_by, changed_at, seal
                        FROM catalogue_version WHERE catalogue = ? AND municipality = ? AND version <= ? ORDER BY version""")
                .params(catalogue, municipality, upTo)
                .query((rs, n) -> new CatalogueSeals.Row(rs.getInt("version"), rs.getString("document"), rs.getString("change"),
                        rs.getString("decision_reference"), rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(),
                        rs.getString("seal"))).list();
    }

    Optional<Stored> latest(CatalogueKind kind, String municipality) {
        return jdbc.sql("""
                        SELECT version, document::text AS document, change, decision_reference, changed_by, changed_at
                        FROM catalogue_version WHERE catalogue = ? AND municipality = ? ORDER BY version DESC LIMIT 1""")
                .params(kind.name(), municipality).query(CatalogueVersions::stored).optional();
    }

    Optional<Stored> at(CatalogueKind kind, String municipality, int version) {
        return jdbc.sql("""
                        SELECT version, document::text AS document, change, decision_reference, changed_by, changed_at
                        FROM catalogue_version WHERE catalogue = ? AND municipality = ? AND version = ?""")
                .params(kind.name(), municipality, version).query(CatalogueVersions::stored).optional();
    }

    /** Appends the version; one appended by someone else meanwhile is a 409 (read again, then change). */
    void append(CatalogueKind kind, String municipality, CatalogueChange change, String document) {
        // sealed over exactly what PostgreSQL will hold and give back: its own text of the jsonb, microseconds
        String stored = jdbc.sql("SELECT ?::jsonb::text").param(document).query(String.class).single();
        Instant at = change.changedAt().truncatedTo(ChronoUnit.MICROS);
        CatalogueSeals.Row row = new CatalogueSeals.Row(change.version(), stored, change.change(), change.decisionReference(),
                change.changedBy(), at, null);
        CatalogueSeals.Row previous = change.version() <= 1 ? null : jdbc.sql("""
                        SELECT version, document::text AS document, change, decision_reference, changed_by, changed_at, seal
                        FROM catalogue_version WHERE catalogue = ? AND municipality = ? AND version = ?""")
                .params(kind.name(), municipality, change.version() - 1)
                .query((rs, n) -> new CatalogueSeals.Row(rs.getInt("version"), rs.getString("document"), rs.getString("change"),
                        rs.getString("decision_reference"), rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(),
                        rs.getString("seal"))).optional().orElse(null);
        String seal = seals.seal(kind.name(), municipality, row, previous);
        try {
            jdbc.sql("""
                            INSERT INTO catalogue_version (catalogue, municipality, version, document, change,
                                                           decision_reference, changed_by, changed_at, seal)
                            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""")
                    .params(kind.name(), municipality, change.version(), stored, change.change(),
                            change.decisionReference(), change.changedBy(), Timestamp.from(at), seal)
                    .update();
        } catch (DuplicateKeyException e) {
            throw ClientProblem.conflict("catalogue-changed", "The catalogue was changed by someone else at the same time"
                    + " (version " + change.version() + " exists); read it again and repeat the change if it still applies");
        }
    }

    private static Stored stored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp at = rs.getTimestamp("changed_at");
        return new Stored(new CatalogueChange(rs.getInt("version"), rs.getString("change"), rs.getString("decision_reference"),
                rs.getString("changed_by"), at == null ? null : at.toInstant()), rs.getString("document"));
    }
}
