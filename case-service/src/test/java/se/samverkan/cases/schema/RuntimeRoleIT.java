package se.samverkan.cases.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.DatabaseRoles;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.cases.catalogue.CatalogueMigrations;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;

import java.util.List;
import java.util.UUID;

import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Found by a review playing the service's database role: case-service ran as the role that owned its schema, so its
 * credentials could add a trigger that drops break-glass access events before they are stored, switch triggers off,
 * rewrite a stored event (a consent's validity) or an access event before the relay signs it. Now case_owner owns the
 * schema and migrates in a step of its own; the service runs as case_service, which owns nothing and has only the
 * grants of V33. Every statement here is one that role ran successfully before.
 */
class RuntimeRoleIT extends IntegrationTest {

    @Test
    void theServiceRunsAsTheRuntimeRoleWhichOwnsNothing() {
        DatabaseRoles.assertOwnsNothing(jdbc, RUNTIME_ROLE, OWNER);
    }

    @Test
    void theRuntimeRoleCannotAddATriggerThatDropsAccessEvents() {
        // the attack: a BEFORE INSERT trigger returning NULL for break-glass access events, so none is ever recorded
        assertRefused("CREATE FUNCTION public.drop_break_glass() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
        assertRefused("CREATE TRIGGER drop_break_glass BEFORE INSERT ON access_outbox FOR EACH ROW "
                + "EXECUTE FUNCTION suppress_redundant_updates_trigger()");
        assertRefused("CREATE TRIGGER forget_events BEFORE INSERT ON domain_event_entry FOR EACH ROW "
                + "EXECUTE FUNCTION suppress_redundant_updates_trigger()");
    }

    @Test
    void theRuntimeRoleCannotRewriteOrDeleteStoredEvents() {
        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(caseId.toString())
                .query(Long.class).single()).isPositive();
        assertRefused("UPDATE domain_event_entry SET payload = payload WHERE aggregate_identifier = '" + caseId + "'");
        assertRefused("UPDATE domain_event_entry SET meta_data = NULL WHERE aggregate_identifier = '" + caseId + "'");
        assertRefused("DELETE FROM domain_event_entry WHERE aggregate_identifier = '" + caseId + "'");
        assertRefused("TRUNCATE domain_event_entry");
        assertRefused("ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_no_update_or_delete");
        assertRefused("ALTER TABLE domain_event_entry DISABLE TRIGGER ALL");
        assertRefused("DROP TRIGGER domain_event_entry_no_update_or_delete ON domain_event_entry");
        assertRefused("SET session_replication_role = replica");
        assertThat(superuser.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?").param(caseId.toString())
                .query(Long.class).single()).isPositive();
    }

    @Test
    void theRuntimeRoleCannotChangeAnAccessEventBeforeTheRelaySignsIt() {
        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM access_outbox WHERE case_id = ?").param(caseId.toString())
                .query(Long.class).single()).isPositive();
        assertRefused("UPDATE access_outbox SET cloud_event = cloud_event WHERE case_id = '" + caseId + "'");
        assertRefused("UPDATE access_outbox SET case_id = 'another' WHERE case_id = '" + caseId + "'");
        assertRefused("DELETE FROM access_outbox WHERE case_id = '" + caseId + "'");
        assertRefused("TRUNCATE access_outbox");
        assertRefused("ALTER TABLE access_outbox DISABLE TRIGGER ALL");
        // what the relay does may still be done: its publish bookkeeping
        assertThat(jdbc.sql("UPDATE access_outbox SET published_at = published_at WHERE case_id = ?").param(caseId.toString())
                .update()).isPositive();
        // and the access events reach Kafka, the service running as the runtime role end to end
        awaitEvent(Topics.ACCESS_EVENTS, e -> caseId.toString().equals(e.subject()));
    }

    @Test
    void theRuntimeRoleCannotMoveTheProcessorsOrTheCatalogueBaselinesBeyondItsGrants() {
        assertRefused("UPDATE catalogue_seal_baseline SET version = 999");
        assertRefused("INSERT INTO catalogue_seal_baseline (catalogue, municipality, version) VALUES ('LEGAL_BASES', 'x', 999)");
        assertRefused("ALTER TABLE token_entry OWNER TO " + RUNTIME_ROLE);
        assertRefused("TRUNCATE token_entry");
        assertRefused("UPDATE keyvault.case_subject SET subject_id = gen_random_uuid()");
        assertRefused("CREATE TABLE public.anything (id int)");
    }

    @Test
    void theAppendOnlyTriggersHoldForTheOwnerToo() {
        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        JdbcClient owner = JdbcClient.create(dataSource(TestPostgres.jdbcUrlWithoutUser(DB), OWNER));
        assertThatThrownBy(() -> owner.sql("UPDATE domain_event_entry SET payload = payload WHERE aggregate_identifier = ?")
                .param(caseId.toString()).update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("append-only"));
        assertThatThrownBy(() -> owner.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(caseId.toString()).update()).satisfies(e -> assertThat(rootMessage(e)).contains("append-only"));
        assertThatThrownBy(() -> owner.sql("UPDATE access_outbox SET cloud_event = '\\x00'::bytea WHERE case_id = ?")
                .param(caseId.toString()).update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("as written"));
    }

    /**
     * An installation from before: case_service created and owned every table. After the one-time hand-over a
     * superuser runs (V33's header, infra/postgres/01-service-databases.sql), the owner's migration step takes over and
     * the runtime role is held to its grants.
     */
    @Test
    void anExistingDatabaseTheRuntimeRoleOwnedIsTakenOverByTheOwnersMigration() {
        String database = "case_service_takeover_" + Long.toHexString(System.nanoTime());
        TestPostgres.database(database);
        TestPostgres.execute("postgres", "ALTER DATABASE " + database + " OWNER TO " + RUNTIME_ROLE);
        String url = TestPostgres.jdbcUrlWithoutUser(database);
        // as it was: the service's own role migrated (to V32, the last migration before the owner took over)
        Flyway.configure().dataSource(url, RUNTIME_ROLE, RUNTIME_ROLE).locations("classpath:db/migration")
                .javaMigrations(CatalogueMigrations.all(TEST_SUBJECT_PSEUDONYM_KEY).toArray(JavaMigration[]::new))
                .target("32").load().migrate();
        JdbcClient before = JdbcClient.create(dataSource(url, RUNTIME_ROLE));
        assertThat(before.sql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'domain_event_entry'")
                .query(String.class).single()).isEqualTo(RUNTIME_ROLE);
        // what the review found, as it was: the service's credentials could put a trigger on the access outbox
        before.sql("CREATE TRIGGER drop_break_glass BEFORE INSERT ON access_outbox FOR EACH ROW "
                + "EXECUTE FUNCTION suppress_redundant_updates_trigger()").update();
        before.sql("DROP TRIGGER drop_break_glass ON access_outbox").update();

        // the superuser's one-time hand-over
        TestPostgres.execute("postgres", "ALTER DATABASE " + database + " OWNER TO " + OWNER);
        TestPostgres.execute(database, "REASSIGN OWNED BY " + RUNTIME_ROLE + " TO " + OWNER);
        var result = SchemaMigration.migrate(url, OWNER, OWNER, RUNTIME_ROLE, TEST_SUBJECT_PSEUDONYM_KEY);
        assertThat(result.migrationsExecuted).isPositive();

        JdbcClient runtime = JdbcClient.create(dataSource(url, RUNTIME_ROLE));
        assertThat(runtime.sql("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
                .query(Long.class).single()).isZero();
        assertThat(runtime.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isZero();
        assertThatThrownBy(() -> runtime.sql("ALTER TABLE domain_event_entry DISABLE TRIGGER ALL").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("must be owner"));
        assertThatThrownBy(() -> runtime.sql("UPDATE access_outbox SET cloud_event = cloud_event").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("permission denied"));
    }

    private void assertRefused(String sql) {
        assertThatThrownBy(() -> jdbc.sql(sql).update()).as(sql)
                .satisfies(e -> assertThat(rootMessage(e)).as(sql).containsAnyOf("permission denied", "must be owner"));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage()) + " / " + e.getMessage();
    }

    private static PGSimpleDataSource dataSource(String url, String role) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(role);
        dataSource.setPassword(role);
        return dataSource;
    }
}
