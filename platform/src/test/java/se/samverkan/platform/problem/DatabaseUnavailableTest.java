package se.samverkan.platform.problem;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTest {

    @Test
    void aConnectionTheServerTerminatedOrClosedIsTheDatabasesState() {
        // what FaultsIT met: pg_terminate_backend under a statement, and Hikari's proxy after it
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException("JDBC exception executing SQL",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException("Could not prepare statement",
                new SQLException("Connection is closed", "08003")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("Connection refused", "08001"))).isTrue();
        // a rollback on a connection the server had dropped: Hikari says so without a SQLSTATE
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void aStatementsOwnFailureIsNot() {
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("no state"))).isFalse();
    }
}
