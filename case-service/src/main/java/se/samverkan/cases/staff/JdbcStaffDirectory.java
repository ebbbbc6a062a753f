package se.samverkan.cases.staff;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.cases.domain.StaffDirectory;
import se.samverkan.cases.domain.StaffMember;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.directory.DirectoryEntry;
import se.samverkan.platform.directory.DirectoryStore;
import se.samverkan.platform.identity.Role;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * case-service's copy of the staff directory: written by the platform's Keycloak directory sync (or configuration),
 * read by the team membership rule. Keeps only unit, agency, case roles and whether the user is active.
 */
@Repository
public class JdbcStaffDirectory implements StaffDirectory, DirectoryStore {

    private final JdbcClient jdbc;

    public JdbcStaffDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<StaffMember> find(String userId) {
        return jdbc.sql("SELECT * FROM staff_directory WHERE user_id = ?").param(userId).query(JdbcStaffDirectory::member).optional();
    }

    /** Users the sync no longer sees (deleted, or without unit attributes) become inactive; configured ones stay. */
    @Override
    public int applyKeycloakSnapshot(List<DirectoryEntry> users) {
        users.forEach(user -> upsert(user, "keycloak"));
        return jdbc.sql("""
                        UPDATE staff_directory SET active = false, synced_at = now(), updated_at = now()
                        WHERE source = 'keycloak' AND active AND NOT (user_id = ANY (:present))""")
                .param("present", users.stream().map(DirectoryEntry::userId).toArray(String[]::new))
                .update();
    }

    @Override
    public void upsertConfigured(DirectoryEntry user) {
        upsert(user, "configured");
    }

    private void upsert(DirectoryEntry user, String source) {
        String[] caseRoles = user.roles().stream().filter(StaffMember.KEPT_ROLES::contains).sorted()
                .map(Role::realmRoleName).toArray(String[]::new);
        jdbc.sql("""
                        INSERT INTO staff_directory (user_id, agency, municipality, unit, case_roles, active, source, synced_at)
                        VALUES (:userId, :agency, :municipality, :unit, :caseRoles, :active, :source,
                                CASE WHEN :source = 'keycloak' THEN now() END)
                        ON CONFLICT (user_id) DO UPDATE SET agency = excluded.agency, municipality = excluded.municipality,
                            unit = excluded.unit, case_roles = excluded.case_roles, active = excluded.active,
                            source = excluded.source, synced_at = excluded.synced_at,
                            updated_at = CASE WHEN (staff_directory.agency, staff_directory.municipality, staff_directory.unit,
                                                    staff_directory.case_roles, staff_directory.active)
                                                   IS DISTINCT FROM
                                                   (excluded.agency, excluded.municipality, excluded.unit,
                                                    excluded.case_roles, excluded.active)
                                              THEN now() ELSE staff_directory.updated_at END""")
                .param("userId", user.userId())
                .param("agency", user.agency().name())
                .param("municipality", user.municipality())
                .param("unit", user.unit())
                .param("caseRoles", caseRoles)
                .param("active", user.enabled())
                .param("source", source)
                .update();
    }

    private static StaffMember member(ResultSet rs, int row) throws SQLException {
        return new StaffMember(rs.getString("user_id"), Agency.valueOf(rs.getString("agency")), rs.getString("municipality"),
                rs.getString("unit"), Arrays.stream((String[]) rs.getArray("case_roles").getArray())
                .flatMap(role -> Role.fromRealmRole(role).stream()).collect(Collectors.toSet()), rs.getBoolean("active"));
    }
}
