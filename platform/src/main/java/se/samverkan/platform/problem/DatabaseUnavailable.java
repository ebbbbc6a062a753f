package se.samverkan.platform.problem;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A failure that is the database's state, not the request's or the record's fault: unreachable, no connection free in
 * the pool within its timeout, a query timed out. Such work is refused for now (503, a consumer waits) and succeeds
 * unchanged later.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLException sql && connectionLost(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception: refused, broken, closed) and 57P01-57P03 (the server shut down or is
     * starting): the connection went away under the statement. Class 53 (insufficient resources: disk full, out of
     * memory, too many connections) and 58 (the server's I/O failed): the server cannot take any write now. Each is the
     * database's state, not the statement's: a consumer must wait for it, never dead-letter the record.
     */
    static boolean connectionLost(SQLException failure) {
        String sqlState = failure.getSQLState();
        if (sqlState == null) {
            // HikariCP's answer on a connection the server already dropped, for instance when a transaction whose
            // connection was terminated is rolled back (FaultsIT): it carries no SQLSTATE, only these words
            return "Connection is closed".equals(failure.getMessage());
        }
        return sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("58") || sqlState.equals("57P01") || sqlState.equals("57P02") || sqlState.equals("57P03");
    }
}
