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

/**
 * A data folder from before case_owner and notification_owner existed: case_service and notification_service owned
 * their databases and created every table (the migrations ran as them). The launcher hands all of it to the owners at
 * the next start, before the owners' migration steps run, and again at every start finds nothing left to hand over. A
 * PostgreSQL of its own on free ports.
 */
class LocalPostgresHandOverIT {

    @Test
    void anOldDataFolderWhereTheRuntimeRoleOwnedTheSchemaIsHandedToTheOwner(@TempDir Path data) throws SQLException {
        StackSettings settings = StackSettings.isolated(Path.of("").toAbsolutePath(), data);
        try (LocalPostgres postgres = LocalPostgres.start(settings, Map.of())) {
            try (Connection admin = postgres.superuserConnection("case_service"); Statement sql = admin.createStatement()) {
                // as an older launcher left it
                sql.execute("ALTER DATABASE case_service OWNER TO case_service");
                sql.execute("SET ROLE case_service");
                sql.execute("CREATE SCHEMA keyvault");
                sql.execute("CREATE TABLE domain_event_entry (global_index bigserial PRIMARY KEY, payload bytea)");
                sql.execute("CREATE TABLE keyvault.subject_key (key_id uuid PRIMARY KEY)");
                sql.execute("RESET ROLE");
            }
            try (Connection admin = postgres.superuserConnection("notification_service"); Statement sql = admin.createStatement()) {
                sql.execute("ALTER DATABASE notification_service OWNER TO notification_service");
                sql.execute("SET ROLE notification_service");
                sql.execute("CREATE TABLE processed_events (consumer text, event_id uuid, PRIMARY KEY (consumer, event_id))");
                sql.execute("CREATE TABLE directory_event_outbox (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, cloud_event bytea)");
                sql.execute("CREATE FUNCTION directory_event_outbox_keeps_its_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
                sql.execute("RESET ROLE");
            }
        }
        for (int start = 0; start < 2; start++) {
            try (LocalPostgres postgres = LocalPostgres.start(settings, Map.of())) {
                try (Connection admin = postgres.superuserConnection("case_service"); Statement sql = admin.createStatement()) {
                    assertThat(single(sql, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'case_service'")).isEqualTo("case_owner");
                    assertThat(single(sql, """
                            SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class
                            WHERE relname IN ('domain_event_entry', 'domain_event_entry_global_index_seq', 'subject_key')""")).isEqualTo("case_owner");
                    assertThat(single(sql, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'keyvault'")).isEqualTo("case_owner");
                    assertThat(single(sql, """
                            SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = 'case_service')""")).isEqualTo("0");
                }
                try (Connection admin = postgres.superuserConnection("notification_service"); Statement sql = admin.createStatement()) {
                    assertThat(single(sql, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'notification_service'"))
                            .isEqualTo("notification_owner");
                    assertThat(single(sql, """
                            SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class
                            WHERE relname IN ('processed_events', 'directory_event_outbox', 'directory_event_outbox_position_seq')"""))
                            .isEqualTo("notification_owner");
                    assertThat(single(sql, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'directory_event_outbox_keeps_its_events'"))
                            .isEqualTo("notification_owner");
                    assertThat(single(sql, """
                            SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
                            FROM pg_roles r WHERE r.rolname = 'notification_service'""")).isEqualTo("0");
                }
            }
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }
}
