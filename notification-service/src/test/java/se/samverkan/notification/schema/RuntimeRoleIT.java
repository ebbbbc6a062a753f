package se.samverkan.notification.schema;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.DatabaseRoles;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.notification.NotificationServiceIT;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * notification-service ran as the role that owned its schema, so its credentials could add a trigger that drops an
 * administrator's directory edits before they reach the audit log (or the police's notices before they are stored),
 * switch triggers off, rewrite a directory event before the relay sends it, delete the idempotency ledger so that a
 * replayed event is applied again, or rewrite where a sent notice was mailed. Now notification_owner owns the schema
 * and migrates in a step of its own; the service runs as notification_service, which owns nothing and has only the
 * grants of V8. Every statement refused here is one that role ran successfully before (the last test shows it).
 */
class RuntimeRoleIT extends NotificationServiceIT {

    @Test
    void theServiceRunsAsTheRuntimeRoleWhichOwnsNothing() {
        DatabaseRoles.assertOwnsNothing(service, RUNTIME_ROLE, OWNER);
        assertThat(jdbc.sql("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'directory_event_outbox'::regclass "
                + "AND pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = tgrelid)) = ?").param(OWNER)
                .query(Long.class).single()).as("the outbox's triggers are on the owner's table").isEqualTo(2);
    }

    @Test
    void theRuntimeRoleCannotAddOrSwitchOffATrigger() {
        // the attack: a BEFORE INSERT trigger returning NULL, so a suspension never reaches the audit log, or a police
        // liaison's notices are never stored
        assertRefused("CREATE FUNCTION public.drop_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
        assertRefused("CREATE TRIGGER drop_directory_events BEFORE INSERT ON directory_event_outbox FOR EACH ROW "
                + "EXECUTE FUNCTION suppress_redundant_updates_trigger()");
        assertRefused("CREATE TRIGGER drop_notices BEFORE INSERT ON notifications FOR EACH ROW "
                + "EXECUTE FUNCTION suppress_redundant_updates_trigger()");
        assertRefused("ALTER TABLE directory_event_outbox DISABLE TRIGGER directory_event_outbox_content_unchanged");
        assertRefused("ALTER TABLE directory_event_outbox DISABLE TRIGGER ALL");
        assertRefused("ALTER TABLE mail_deliveries DISABLE TRIGGER ALL");
        assertRefused("DROP TRIGGER processed_events_no_update_or_delete ON processed_events");
        assertRefused("SET session_replication_role = replica");
        assertRefused("ALTER TABLE notifications ADD COLUMN anything text");
        assertRefused("ALTER TABLE directory_users OWNER TO " + RUNTIME_ROLE);
        assertRefused("CREATE TABLE public.anything (id int)");
    }

    @Test
    void theRuntimeRoleCannotChangeADirectoryEventBeforeTheRelaySendsIt() {
        String row = directoryEvent();

        assertRefused("UPDATE directory_event_outbox SET cloud_event = cloud_event WHERE " + row);
        assertRefused("UPDATE directory_event_outbox SET event_id = gen_random_uuid() WHERE " + row);
        assertRefused("UPDATE directory_event_outbox SET created_at = now() WHERE " + row);
        assertRefused("DELETE FROM directory_event_outbox WHERE " + row);
        assertRefused("TRUNCATE directory_event_outbox");
        // a row born sent would never go out: the role inserts only what the service writes
        assertRefused("INSERT INTO directory_event_outbox (event_id, cloud_event, published_at) VALUES (gen_random_uuid(), '\\x00', now())");
        // what the relay does may still be done: its publish bookkeeping
        assertThat(service.sql("UPDATE directory_event_outbox SET published_at = published_at WHERE " + row).update()).isEqualTo(1);
    }

    @Test
    void theRuntimeRoleCannotRewriteTheLedgerTheInboxesOrASentMail() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        String sent = "recipient_user_id = '" + staff.socialWorker().id() + "'";
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE status = 'SENT' AND " + sent)
                .query(Long.class).single() == 1);

        // the idempotency ledger: a row gone would have the event applied again on a replay
        assertRefused("DELETE FROM processed_events");
        assertRefused("UPDATE processed_events SET event_id = gen_random_uuid()");
        assertRefused("TRUNCATE processed_events");
        // what an inbox item says, to whom and when
        assertRefused("UPDATE notifications SET message = 'Nothing happened.' WHERE case_id = '" + caseId + "'");
        assertRefused("UPDATE notifications SET recipient_user_id = 'someone-else' WHERE case_id = '" + caseId + "'");
        assertRefused("UPDATE notifications SET created_at = now() - interval '400 days' WHERE case_id = '" + caseId + "'");
        assertRefused("UPDATE unit_notifications SET audience = 'another-unit'");
        assertRefused("TRUNCATE notifications, mail_deliveries");
        // where and when the notice was mailed
        assertRefused("UPDATE mail_deliveries SET recipient_email = 'elsewhere@example.org' WHERE " + sent);
        assertRefused("UPDATE mail_deliveries SET status = 'PENDING', next_attempt_at = now() WHERE " + sent);
        assertRefused("UPDATE mail_deliveries SET notification_id = notification_id, created_at = now() WHERE " + sent);
        assertRefused("UPDATE notification_preferences SET user_id = 'someone-else'");
        assertRefused("DELETE FROM directory_users");
        assertThat(jdbc.sql("SELECT count(*) FROM processed_events").query(Long.class).single()).isPositive();
        // what the service does may still be done: mark read
        assertThat(service.sql("UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE case_id = ?").param(caseId).update())
                .isEqualTo(1);
    }

    @Test
    void theAppendOnlyTriggersHoldForTheOwnerToo() {
        Staff staff = newStaff();
        publish(new CaseOpened(staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        String sent = "recipient_user_id = '" + staff.socialWorker().id() + "'";
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE status = 'SENT' AND " + sent)
                .query(Long.class).single() == 1);
        String directoryEvent = directoryEvent();
        JdbcClient owner = JdbcClient.create(dataSource(TestPostgres.jdbcUrlWithoutUser(DB), OWNER));

        assertThatThrownBy(() -> owner.sql("DELETE FROM processed_events").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("append-only"));
        assertThatThrownBy(() -> owner.sql("UPDATE processed_events SET processed_at = now()").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("append-only"));
        assertThatThrownBy(() -> owner.sql("UPDATE mail_deliveries SET recipient_email = 'elsewhere@example.org' WHERE " + sent).update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("as written"));
        assertThatThrownBy(() -> owner.sql("TRUNCATE mail_deliveries CASCADE").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("as written"));
        assertThatThrownBy(() -> owner.sql("UPDATE directory_event_outbox SET cloud_event = '\\x00'::bytea WHERE " + directoryEvent)
                .update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("as written"));
        assertThatThrownBy(() -> owner.sql("DELETE FROM directory_event_outbox WHERE " + directoryEvent).update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("as written"));
    }

    /**
     * An installation from before: notification_service created and owned every table. After the one-time hand-over a
     * superuser runs (V8's header, infra/postgres/01-service-databases.sql), the owner's migration step takes over and
     * the runtime role is held to its grants.
     */
    @Test
    void anExistingDatabaseTheRuntimeRoleOwnedIsTakenOverByTheOwnersMigration() {
        String database = "notification_takeover_" + Long.toHexString(System.nanoTime());
        TestPostgres.database(database);
        TestPostgres.execute("postgres", "ALTER DATABASE " + database + " OWNER TO " + RUNTIME_ROLE);
        String url = TestPostgres.jdbcUrlWithoutUser(database);
        // as it was: the service's own role migrated (to V7, the last migration before the owner took over), demo seed too
        Flyway.configure().dataSource(url, RUNTIME_ROLE, RUNTIME_ROLE).locations(SchemaMigration.DEFAULT_LOCATIONS.toArray(String[]::new))
                .target("7").load().migrate();
        JdbcClient before = JdbcClient.create(dataSource(url, RUNTIME_ROLE));
        assertThat(before.sql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'directory_event_outbox'")
                .query(String.class).single()).isEqualTo(RUNTIME_ROLE);
        // what the review found, as it was: the service's credentials could put a trigger on the directory outbox and
        // empty the idempotency ledger
        before.sql("CREATE TRIGGER drop_directory_events BEFORE INSERT ON directory_event_outbox FOR EACH ROW "
                + "EXECUTE FUNCTION suppress_redundant_updates_trigger()").update();
        before.sql("DROP TRIGGER drop_directory_events ON directory_event_outbox").update();
        before.sql("DELETE FROM processed_events").update();

        // the superuser's one-time hand-over
        TestPostgres.execute("postgres", "ALTER DATABASE " + database + " OWNER TO " + OWNER);
        TestPostgres.execute(database, "REASSIGN OWNED BY " + RUNTIME_ROLE + " TO " + OWNER);
        var result = SchemaMigration.migrate(url, OWNER, OWNER, RUNTIME_ROLE, SchemaMigration.DEFAULT_LOCATIONS);
        assertThat(result.migrationsExecuted).isPositive();

        JdbcClient runtime = JdbcClient.create(dataSource(url, RUNTIME_ROLE));
        assertThat(runtime.sql("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
                .query(Long.class).single()).isZero();
        assertThat(runtime.sql("SELECT count(*) FROM directory_users WHERE username = 'anna'").query(Long.class).single())
                .as("the demo directory, kept").isEqualTo(1);
        assertThatThrownBy(() -> runtime.sql("ALTER TABLE directory_event_outbox DISABLE TRIGGER ALL").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("must be owner"));
        assertThatThrownBy(() -> runtime.sql("CREATE TRIGGER drop_directory_events BEFORE INSERT ON directory_event_outbox FOR EACH ROW "
                + "EXECUTE FUNCTION suppress_redundant_updates_trigger()").update())
                .satisfies(e -> assertThat(rootMessage(e)).containsAnyOf("permission denied", "must be owner"));
        assertThatThrownBy(() -> runtime.sql("DELETE FROM processed_events").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("permission denied"));
        assertThatThrownBy(() -> runtime.sql("UPDATE directory_event_outbox SET cloud_event = cloud_event").update())
                .satisfies(e -> assertThat(rootMessage(e)).contains("permission denied"));
    }

    /**
     * An administrator's refused edit, recorded for the audit log like any other (DENIED); the SQL condition that finds
     * its row in the directory outbox.
     */
    private String directoryEvent() {
        String id = UUID.randomUUID().toString();
        assertThat(put("/api/directory/users/" + id, TestUser.ADMINISTRATOR, """
                {"userId":"%s","username":"runtime-role-probe","email":"probe@haninge.example","agency":"SOCIAL_SERVICES",
                 "municipality":"0136","unit":"haninge-ungdom","roles":["social-worker"],"active":true}""".formatted(id))
                .statusCode()).isEqualTo(422);
        String row = "position(convert_to('" + id + "', 'UTF8') in cloud_event) > 0";
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM directory_event_outbox WHERE " + row)
                .query(Long.class).single() == 1);
        return row;
    }

    /** Refused as the service's own role: by a missing privilege, ownership, or the owner's triggers. */
    private void assertRefused(String sql) {
        assertThatThrownBy(() -> service.sql(sql).update()).as(sql)
                .satisfies(e -> assertThat(rootMessage(e)).as(sql)
                        .containsAnyOf("permission denied", "must be owner", "append-only", "as written"));
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
