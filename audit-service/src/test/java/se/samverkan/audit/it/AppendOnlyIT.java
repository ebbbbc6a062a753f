package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AppendOnlyIT extends AuditServiceITBase {

    private static final java.util.Map<String, String> TABLES = java.util.Map.of(
            "audit_entries", "actor_id = 'mallory'", "tree_nodes", "hash = hash", "checkpoints", "signed_note = ''",
            "review_items", "rule = 'NONE'");

    @Test
    void theRuntimeRoleCannotUpdateDeleteOrTruncate() {
        ensureSomeEntries();
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("audit_service");
        for (String table : TABLES.keySet()) {
            assertThatThrownBy(() -> jdbc.update("UPDATE " + table + " SET " + TABLES.get(table)))
                    .as("UPDATE %s", table).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.update("DELETE FROM " + table))
                    .as("DELETE %s", table).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> jdbc.execute("TRUNCATE " + table + " CASCADE"))
                    .as("TRUNCATE %s", table).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> jdbc.execute("DROP TRIGGER audit_entries_no_change ON audit_entries"))
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void triggersRefuseChangesEvenToTheSchemaOwner() {
        ensureSomeEntries();
        JdbcTemplate owner = new JdbcTemplate(new DriverManagerDataSource(jdbcUrlWithoutUser(), "audit_owner", "audit_owner"));
        assertThat(owner.queryForObject("SELECT current_user", String.class)).isEqualTo("audit_owner");
        long before = owner.queryForObject("SELECT count(*) FROM audit_entries", Long.class);
        assertThatThrownBy(() -> owner.update("UPDATE audit_entries SET actor_id = 'mallory'"))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.update("DELETE FROM audit_entries WHERE leaf_index = 0"))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.execute("TRUNCATE audit_entries CASCADE"))
                .rootCause().hasMessageContaining("append-only");
        assertThat(owner.queryForObject("SELECT count(*) FROM audit_entries", Long.class)).isGreaterThanOrEqualTo(before);
        assertThat(owner.queryForObject("SELECT count(*) FROM audit_entries WHERE actor_id = 'mallory'", Long.class)).isZero();
    }

    private void ensureSomeEntries() {
        CloudEvent event = send(new CaseTeamChanged(caseRef(UUID.randomUUID(), UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(event.id()) == 1);
    }
}
