package se.samverkan.localstack;

import se.samverkan.localstack.postgres.ServiceDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.localstack.postgres.ServiceDatabase.AUDIT_SERVICE;

/** What the fault tests count in the services' databases, as each service's own runtime role. */
final class StackDatabases {

    private final Stack stack;

    StackDatabases(Stack stack) {
        this.stack = stack;
    }

    Connection open(ServiceDatabase database) throws SQLException {
        String role = database.applicationRole();
        return DriverManager.getConnection(stack.settings().jdbcUrl(database.databaseName()), role, ServiceDatabase.passwordOf(role));
    }

    /** A single number; parameters are bound in order, a collection as a uuid array. */
    long count(ServiceDatabase database, String sql, Object... params) throws SQLException {
        try (Connection db = open(database); PreparedStatement query = db.prepareStatement(sql)) {
            bind(db, query, params);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<UUID> ids(ServiceDatabase database, String sql, Object... params) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection db = open(database); PreparedStatement query = db.prepareStatement(sql)) {
            bind(db, query, params);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** Rows of (uuid, timestamptz): when something happened to each id. */
    Map<UUID, Instant> instants(ServiceDatabase database, String sql, Object... params) throws SQLException {
        Map<UUID, Instant> instants = new HashMap<>();
        try (Connection db = open(database); PreparedStatement query = db.prepareStatement(sql)) {
            bind(db, query, params);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    instants.put(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
        return instants;
    }

    /**
     * The fault tests' check of audit-service: waits until every one of the events is in the audit log, then checks that
     * each is there exactly once and that the log's leaves have no gap.
     */
    void assertInAuditLogExactlyOnce(String what, Duration atMost, List<UUID> events) throws SQLException {
        ItStack.awaitThroughFaults(what + " in the audit log").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(AUDIT_SERVICE, "SELECT count(*) FROM audit_entries WHERE event_id = ANY(?)", events) == events.size());
        assertThat(count(AUDIT_SERVICE, "SELECT count(*) - count(DISTINCT event_id) FROM audit_entries WHERE event_id = ANY(?)", events))
                .as("exactly once").isZero();
        assertThat(count(AUDIT_SERVICE, "SELECT max(leaf_index) + 1 - count(*) FROM audit_entries"))
                .as("no gap in the log's leaves").isZero();
    }

    private static void bind(Connection db, PreparedStatement query, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Collection<?> values) {
                query.setArray(i + 1, db.createArrayOf("uuid", values.toArray()));
            } else {
                query.setObject(i + 1, params[i]);
            }
        }
    }
}
