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
    void aServerOutOfDiskMemoryOrConnectionsIsTheDatabasesState() {
        // PostgreSQL's words when it cannot extend a table file (FaultsIT's full disk)
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException("Could not append events",
                new SQLException("could not extend file \"base/16384/16401\": No space left on device", "53100")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("out of memory", "53200"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("sorry, too many clients already", "53300"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("could not read block: I/O error", "58030"))).isTrue();
    }

    @Test
    void aStatementsOwnFailureIsNot() {
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("syntax error", "42601"))).isFalse();
        // a statement too large for the server's limits stays too large: not a state to wait out
        assertThat(DatabaseUnavailable.causedBy(new SQLException("index row size exceeds maximum", "54000"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("no state"))).isFalse();
    }
}
