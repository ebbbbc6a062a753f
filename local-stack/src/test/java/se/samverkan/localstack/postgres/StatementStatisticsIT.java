package se.samverkan.localstack.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.localstack.StackSettings;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SAMVERKAN_LOCAL_PG_STATEMENTS=true loads pg_stat_statements into the stack's PostgreSQL, and the superuser's
 * database shows what a service's database ran, but no utility statement (a role's password); without it the view
 * is not there. A PostgreSQL of its own on free ports, not the suite's stack.
 */
class StatementStatisticsIT {

    @Test
    void theSuperuserSeesWhatAServiceDatabaseRanOnlyWhenAsked(@TempDir Path withStatistics, @TempDir Path without) throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(StackSettings.isolated(Path.of("").toAbsolutePath(), withStatistics),
                Map.of(LocalPostgres.STATEMENT_STATISTICS_VARIABLE, "true"))) {
            try (Connection service = postgres.superuserConnection(ServiceDatabase.CASE_SERVICE.databaseName());
                 Statement sql = service.createStatement()) {
                sql.execute("CREATE TABLE statistics_probe (n int)");
                sql.execute("INSERT INTO statistics_probe SELECT generate_series(1, 3)");
                sql.execute("CREATE ROLE statistics_probe_role LOGIN PASSWORD 'probe-secret-4711'");
            }
            try (Connection admin = postgres.superuserConnection("postgres"); Statement sql = admin.createStatement()) {
                try (ResultSet rows = sql.executeQuery("""
                        SELECT s.rows FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                        WHERE d.datname = 'case_service' AND s.query LIKE 'INSERT INTO statistics_probe%'""")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo(3);
                }
                // utility statements are not kept, so neither is a password given in one
                try (ResultSet rows = sql.executeQuery("""
                        SELECT count(*) FROM pg_stat_statements
                        WHERE query LIKE '%probe-secret-4711%' OR query LIKE '%statistics_probe_role%'""")) {
                    rows.next();
                    assertThat(rows.getLong(1)).isZero();
                }
            }
        }
        try (LocalPostgres postgres = LocalPostgres.start(StackSettings.isolated(Path.of("").toAbsolutePath(), without), Map.of());
             Connection admin = postgres.superuserConnection("postgres"); Statement sql = admin.createStatement()) {
            assertThatThrownBy(() -> sql.executeQuery("SELECT count(*) FROM pg_stat_statements"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("pg_stat_statements");
        }
    }
}
