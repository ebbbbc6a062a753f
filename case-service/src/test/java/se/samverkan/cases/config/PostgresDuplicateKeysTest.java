package se.samverkan.cases.config;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresDuplicateKeysTest {

    private final PostgresDuplicateKeys resolver = new PostgresDuplicateKeys();

    @Test
    void aUniqueViolationAnywhereInTheChainIsADuplicateKey() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("append failed", new RuntimeException(unique)))).isTrue();
    }

    @Test
    void aPoolTimeoutIsNotADuplicateKey() {
        var timeout = new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms", "08001");
        assertThat(resolver.isDuplicateKeyViolation(new CannotGetJdbcConnectionException("no connection", timeout))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("Could not open JPA EntityManager for transaction"))).isFalse();
    }

    @Test
    void otherConstraintViolationsAreNotDuplicateKeys() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("null value in column", "23502"))).isFalse();
    }
}
