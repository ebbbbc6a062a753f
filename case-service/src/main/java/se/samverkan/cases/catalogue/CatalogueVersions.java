package se.samverkan.cases.catalogue;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.platform.problem.ClientProblem;

import java.sql.Timestamp;
import java.util.Optional;

/** The table {@code catalogue_version}: one row per version, appended, never changed (triggers refuse it). */
@Component
class CatalogueVersions {

    record Stored(CatalogueChange change, String document) {
    }

    private final JdbcClient jdbc;

    CatalogueVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        try {
            jdbc.sql("""
                            INSERT INTO catalogue_version (catalogue, municipality, version, document, change,
                                                           decision_reference, changed_by, changed_at)
                            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")
                    .params(kind.name(), municipality, change.version(), document, change.change(),
                            change.decisionReference(), change.changedBy(), Timestamp.from(change.changedAt()))
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
