package se.samverkan.notification.directory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.directory.DirectoryEntry;
import se.samverkan.platform.directory.DirectoryStore;
import se.samverkan.platform.identity.Role;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who works where, kept in this service's database as the platform's Keycloak directory sync states it; only active
 * users who are not suspended here receive notifications (a local suspension can only take away, never grant).
 */
@Repository
public class UnitDirectory implements DirectoryStore {

    /** Effective activity: Keycloak's (or the configuration's) and not suspended by an administrator here. */
    static final String ACTIVE = "(active AND suspended_at IS NULL)";

    private final JdbcClient jdbc;

    public UnitDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int applyKeycloakSnapshot(List<DirectoryEntry> users) {
        users.forEach(user -> upsertFromKeycloak(DirectoryUser.of(user)));
        return deactivateSyncedUsersOtherThan(users.stream().map(DirectoryEntry::userId).toList());
    }

    @Override
    public void upsertConfigured(DirectoryEntry user) {
        upsert(DirectoryUser.of(user));
    }

    /** An entry from configuration (or a test's fixture); an entry the Keycloak sync owns stays the sync's. */
    public void upsert(DirectoryUser user) {
        upsert(user, """
                INSERT INTO directory_users (user_id, username, email, agency, municipality, unit, roles, active)
                VALUES (:userId, :username, :email, :agency, :municipality, :unit, :roles, :active)
                ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, email = excluded.email,
                    agency = excluded.agency, municipality = excluded.municipality, unit = excluded.unit,
                    roles = excluded.roles, active = excluded.active, updated_at = now()""");
    }

    /** An entry as Keycloak has it; from now on the sync owns it, even if it was first made by hand. */
    public void upsertFromKeycloak(DirectoryUser user) {
        upsert(user, """
                INSERT INTO directory_users (user_id, username, email, agency, municipality, unit, roles, active, source, synced_at)
                VALUES (:userId, :username, :email, :agency, :municipality, :unit, :roles, :active, 'keycloak', now())
                ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, email = excluded.email,
                    agency = excluded.agency, municipality = excluded.municipality, unit = excluded.unit,
                    roles = excluded.roles, active = excluded.active, source = 'keycloak', synced_at = now(),
                    updated_at = CASE WHEN (directory_users.username, directory_users.email, directory_users.agency,
                                            directory_users.municipality, directory_users.unit, directory_users.roles,
                                            directory_users.active)
                                           IS DISTINCT FROM
                                           (excluded.username, excluded.email, excluded.agency, excluded.municipality,
                                            excluded.unit, excluded.roles, excluded.active)
                                      THEN now() ELSE directory_users.updated_at END""");
    }

    /**
     * Deactivates the synced entries whose user is no longer in Keycloak (deleted, or no longer routable). They stay so
     * their inboxes keep an owner; they just get nothing new. Hand-made entries are not touched.
     *
     * @return how many were deactivated
     */
    public int deactivateSyncedUsersOtherThan(Collection<String> present) {
        return jdbc.sql("""
                        UPDATE directory_users SET active = false, synced_at = now(), updated_at = now()
                        WHERE source = 'keycloak' AND active AND NOT (user_id = ANY (:present))""")
                .param("present", present.toArray(String[]::new))
                .update();
    }

    private void upsert(DirectoryUser user, String sql) {
        jdbc.sql(sql)
                .param("userId", user.userId())
                .param("username", user.username())
                .param("email", user.email())
                .param("agency", user.agency().name())
                .param("municipality", user.municipality())
                .param("unit", user.unit())
                .param("roles", user.roles().toArray(String[]::new))
                .param("active", user.active())
                .update();
    }

    public Optional<DirectoryUser> find(String userId) {
        return jdbc.sql("SELECT * FROM directory_users WHERE user_id = ?").param(userId).query(UnitDirectory::user).optional();
    }

    public List<DirectoryUser> all() {
        return jdbc.sql("SELECT * FROM directory_users ORDER BY municipality, unit, username").query(UnitDirectory::user).list();
    }

    public List<String> usersInUnit(String municipality, String unit, Role role) {
        return jdbc.sql("SELECT user_id FROM directory_users WHERE " + ACTIVE
                        + " AND municipality = ? AND unit = ? AND ? = ANY (roles) ORDER BY user_id")
                .params(municipality, unit, role.realmRoleName())
                .query(String.class)
                .list();
    }

    public List<String> usersInMunicipality(String municipality, Role role) {
        return jdbc.sql("SELECT user_id FROM directory_users WHERE " + ACTIVE + " AND municipality = ? AND ? = ANY (roles) ORDER BY user_id")
                .params(municipality, role.realmRoleName())
                .query(String.class)
                .list();
    }

    public List<String> usersEverywhere(Role role) {
        return jdbc.sql("SELECT user_id FROM directory_users WHERE " + ACTIVE + " AND ? = ANY (roles) ORDER BY user_id")
                .param(role.realmRoleName())
                .query(String.class)
                .list();
    }

    public List<String> policeLiaisons(String policeUnit) {
        return jdbc.sql("SELECT user_id FROM directory_users WHERE " + ACTIVE
                        + " AND agency = 'POLICE' AND unit = ? AND ? = ANY (roles) ORDER BY user_id")
                .params(policeUnit, Role.POLICE_LIAISON.realmRoleName())
                .query(String.class)
                .list();
    }

    /** Of {@code userIds}, in their order, those who are active, unsuspended social-services staff of the unit. */
    public List<String> activeStaffOf(String municipality, String unit, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        Set<String> staff = Set.copyOf(jdbc.sql("SELECT user_id FROM directory_users WHERE " + ACTIVE
                        + " AND agency = 'SOCIAL_SERVICES' AND municipality = ? AND unit = ? AND user_id = ANY (?)")
                .params(municipality, unit, userIds.toArray(String[]::new))
                .query(String.class)
                .list());
        return userIds.stream().filter(staff::contains).distinct().toList();
    }

    public boolean isActiveIn(String userId, Agency agency, String unit) {
        return jdbc.sql("SELECT count(*) FROM directory_users WHERE user_id = ? AND " + ACTIVE + " AND agency = ? AND unit = ?")
                .params(userId, agency.name(), unit)
                .query(Integer.class)
                .single() > 0;
    }

    /** The address to mail, only for an active user who has one. */
    public Optional<String> activeEmail(String userId) {
        return jdbc.sql("SELECT email FROM directory_users WHERE user_id = ? AND " + ACTIVE + " AND email IS NOT NULL AND email <> ''")
                .param(userId)
                .query(String.class)
                .optional();
    }

    /** An entry with where it came from and whether an administrator suspended it here. */
    public record Entry(DirectoryUser user, String source, Instant suspendedAt, String suspendedBy) {

        public boolean suspended() {
            return suspendedAt != null;
        }
    }

    public Optional<Entry> entry(String userId) {
        return jdbc.sql("SELECT * FROM directory_users WHERE user_id = ?").param(userId).query(UnitDirectory::entry).optional();
    }

    public List<Entry> entries() {
        return jdbc.sql("SELECT * FROM directory_users ORDER BY municipality, unit, username").query(UnitDirectory::entry).list();
    }

    /**
     * PostgreSQL channel on which a suspension is announced (payload: the user id) once it committed, to every instance:
     * each ends the user's open live streams ({@code inbox.InboxStream}).
     */
    public static final String SUSPENDED_CHANNEL = "directory_user_suspended";

    /**
     * Stops everything this service gives the user until lifted: notifications, mail, and every request of hers
     * ({@code SuspendedUsersRefused}); her live streams end. The Keycloak sync leaves the suspension alone.
     */
    public boolean suspend(String userId, String by) {
        boolean suspended = jdbc.sql("UPDATE directory_users SET suspended_at = now(), suspended_by = ?, updated_at = now() "
                        + "WHERE user_id = ? AND suspended_at IS NULL")
                .params(by, userId).update() == 1;
        if (suspended) {
            jdbc.sql("SELECT pg_notify(?, ?)").params(SUSPENDED_CHANNEL, userId).query().singleRow();
        }
        return suspended;
    }

    /** Whether an administrator suspended the user here; a user the directory does not know (yet) is not. */
    public boolean isSuspended(String userId) {
        return jdbc.sql("SELECT count(*) FROM directory_users WHERE user_id = ? AND suspended_at IS NOT NULL")
                .param(userId).query(Integer.class).single() > 0;
    }

    /** Of these users, those suspended here. */
    public Set<String> suspendedAmong(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT user_id FROM directory_users WHERE suspended_at IS NOT NULL AND user_id = ANY (?)")
                .param(userIds.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    /**
     * The active, unsuspended holders of the role in the municipality, their rows locked until the caller's transaction
     * ends: a suspension that must leave one of them decides on a count nobody else changes meanwhile.
     */
    public List<String> lockActiveHolders(String municipality, Role role) {
        return jdbc.sql("SELECT user_id FROM directory_users WHERE " + ACTIVE
                        + " AND municipality = ? AND ? = ANY (roles) ORDER BY user_id FOR UPDATE")
                .params(municipality, role.realmRoleName())
                .query(String.class)
                .list();
    }

    /** Lifting gives back only what Keycloak (or the configuration) grants: an inactive user stays inactive. */
    public boolean liftSuspension(String userId) {
        return jdbc.sql("UPDATE directory_users SET suspended_at = NULL, suspended_by = NULL, updated_at = now() "
                        + "WHERE user_id = ? AND suspended_at IS NOT NULL")
                .param(userId).update() == 1;
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        java.sql.Timestamp suspendedAt = rs.getTimestamp("suspended_at");
        return new Entry(user(rs, row), rs.getString("source"), suspendedAt == null ? null : suspendedAt.toInstant(),
                rs.getString("suspended_by"));
    }

    private static DirectoryUser user(ResultSet rs, int row) throws SQLException {
        return new DirectoryUser(rs.getString("user_id"), rs.getString("username"), rs.getString("email"),
                Agency.valueOf(rs.getString("agency")), rs.getString("municipality"), rs.getString("unit"),
                List.of((String[]) rs.getArray("roles").getArray()), rs.getBoolean("active"));
    }
}
