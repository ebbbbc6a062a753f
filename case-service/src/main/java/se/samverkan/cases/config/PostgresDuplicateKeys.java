package se.samverkan.cases.config;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that an append failed because another writer stored the same aggregate sequence first (a concurrent
 * change: 409) only when PostgreSQL said so (SQLSTATE 23505, unique_violation). Axon's code-table resolver also took a
 * connection-pool timeout for a duplicate key, which turned an overloaded database into "Cannot reuse aggregate
 * identifier" and a 500 instead of a 503 the client can retry.
 */
public final class PostgresDuplicateKeys implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
