package se.samverkan.audit.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Leadership of the log as a PostgreSQL session-level advisory lock, held on a connection of its own (not from the
 * pool, so nothing can hand it back or recycle it). The lock lives exactly as long as that session: if the instance
 * dies or its connection breaks, PostgreSQL releases it and a standby takes over.
 */
public class LeaderLock implements AutoCloseable {

    /** First key of the two-int advisory lock: "AUDT", so the lock is recognisable in pg_locks. */
    public static final int NAMESPACE = 0x41554454;
    public static final int SEQUENCER = 1;

    private static final Logger log = LoggerFactory.getLogger(LeaderLock.class);

    private final String url;
    private final Properties connectionProperties = new Properties();
    private Connection connection;
    private int backendPid;

    public LeaderLock(String url, String username, String password) {
        this.url = url;
        connectionProperties.setProperty("user", username);
        if (password != null) {
            connectionProperties.setProperty("password", password);
        }
        connectionProperties.setProperty("ApplicationName", "audit-service leader lock");
        // a dead network must surface as an error within seconds, not hang the writer
        connectionProperties.setProperty("connectTimeout", "5");
        connectionProperties.setProperty("socketTimeout", "10");
        connectionProperties.setProperty("tcpKeepAlive", "true");
    }

    /** True if this instance holds the lock now (acquiring it if it is free). */
    public synchronized boolean tryAcquire() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(url, connectionProperties);
                connection.setAutoCommit(true);
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?), pg_backend_pid()")) {
                statement.setInt(1, NAMESPACE);
                statement.setInt(2, SEQUENCER);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        backendPid = rs.getInt(2);
                        return true;
                    }
                    return false;
                }
            }
        } catch (SQLException e) {
            log.warn("Could not reach PostgreSQL for the audit log leader lock (SQLState {})", e.getSQLState());
            closeQuietly();
            return false;
        }
    }

    /** Asks PostgreSQL whether this session still holds the lock; a broken session holds nothing. */
    public synchronized boolean stillHeld() {
        if (connection == null) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
                               AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2)""")) {
            statement.setInt(1, NAMESPACE);
            statement.setInt(2, SEQUENCER);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            closeQuietly();
            return false;
        }
    }

    /** The PostgreSQL backend holding the lock for this instance, for fencing writes in other sessions. */
    public synchronized int backendPid() {
        return backendPid;
    }

    public synchronized void release() {
        if (connection != null) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                statement.setInt(1, NAMESPACE);
                statement.setInt(2, SEQUENCER);
                statement.execute();
            } catch (SQLException e) {
                // closing the session below releases the lock anyway
            }
        }
        closeQuietly();
    }

    @Override
    public void close() {
        release();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
        }
        connection = null;
        backendPid = 0;
    }
}
