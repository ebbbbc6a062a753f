package se.samverkan.notification.schema;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.notification.NotificationServiceIT;
import se.samverkan.platform.test.TestPostgres;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V10 records which cases were cleared, so that no mail waiting about one goes out while one about a case not routed
 * yet does. A case cleared before V10 left no route behind; one that has an item only its route's upsert writes
 * (CASE_OPENED, CASE_ASSIGNED) was cleared, and is recorded at the upgrade. A case with no route and only other items
 * may be one not routed yet, and is not.
 */
class ClearedCasesMigrationIT extends NotificationServiceIT {

    @Test
    void casesClearedBeforeTheMarkerAreRecordedFromWhatIsLeftAndCasesNotRoutedYetAreNot() {
        String database = "notification_cleared_" + Long.toHexString(System.nanoTime());
        TestPostgres.database(database);
        TestPostgres.execute("postgres", "ALTER DATABASE " + database + " OWNER TO " + OWNER);
        String url = TestPostgres.jdbcUrlWithoutUser(database);
        Flyway.configure().dataSource(url, OWNER, OWNER).locations("classpath:db/migration")
                .placeholders(Map.of("runtime_role", RUNTIME_ROLE)).target("9").load().migrate();
        JdbcClient owner = JdbcClient.create(dataSource(url));
        UUID clearedOpened = UUID.randomUUID();
        UUID clearedAssigned = UUID.randomUUID();
        UUID routed = UUID.randomUUID();
        UUID notRoutedYet = UUID.randomUUID();
        owner.sql("INSERT INTO case_routes (case_id, program, municipality, unit, protected_identity, team) "
                + "VALUES (?, 'RAPID_INTERVENTION', '0136', 'ungdom', 'NONE', '{}')").param(routed).update();
        for (Object[] item : List.of(new Object[] {clearedOpened, "CASE_OPENED"}, new Object[] {clearedOpened, "DEADLINE_APPROACHING"},
                new Object[] {clearedAssigned, "CASE_ASSIGNED"}, new Object[] {routed, "CASE_OPENED"},
                new Object[] {notRoutedYet, "DEADLINE_APPROACHING"}, new Object[] {null, "REFERRAL_RECEIVED"})) {
            owner.sql("INSERT INTO notifications (id, recipient_user_id, kind, case_id, message, source_event_id) VALUES (?, 'u', ?, ?, 'm', ?)")
                    .params(UUID.randomUUID(), item[1], item[0], UUID.randomUUID()).update();
        }

        SchemaMigration.migrate(url, OWNER, OWNER, RUNTIME_ROLE, List.of("classpath:db/migration"));

        assertThat(owner.sql("SELECT case_id FROM cleared_cases").query(UUID.class).list())
                .containsExactlyInAnyOrder(clearedOpened, clearedAssigned);
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(OWNER);
        dataSource.setPassword(OWNER);
        return dataSource;
    }
}
