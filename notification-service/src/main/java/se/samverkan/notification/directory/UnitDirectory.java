package se.samverkan.notification.directory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Who works where, kept in this service's database; only active users receive notifications. */
@Repository
public class UnitDirectory {

    private final JdbcClient jdbc;

    public UnitDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void upsert(DirectoryUser user) {
        jdbc.sql("""
                        INSERT INTO directory_users (user_id, username, email, agency, municipality, unit, roles, active)
                        VALUES (:userId, :username, :email, :agency, :municipality, :unit, :roles, :active)
                        ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, email = excluded.email,
                            agency = excluded.agency, municipality = excluded.municipality, unit = excluded.unit,
                            roles = excluded.roles, active = excluded.active, updated_at = now()""")
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
        return jdbc.sql("""
                        SELECT user_id FROM directory_users
                        WHERE active AND municipality = ? AND unit = ? AND ? = ANY (roles) ORDER BY user_id""")
                .params(municipality, unit, role.realmRoleName())
                .query(String.class)
                .list();
    }

    public List<String> usersInMunicipality(String municipality, Role role) {
        return jdbc.sql("SELECT user_id FROM directory_users WHERE active AND municipality = ? AND ? = ANY (roles) ORDER BY user_id")
                .params(municipality, role.realmRoleName())
                .query(String.class)
                .list();
    }

    public List<String> policeLiaisons(String policeUnit) {
        return jdbc.sql("""
                        SELECT user_id FROM directory_users
                        WHERE active AND agency = 'POLICE' AND unit = ? AND ? = ANY (roles) ORDER BY user_id""")
                .params(policeUnit, Role.POLICE_LIAISON.realmRoleName())
                .query(String.class)
                .list();
    }

    /** The address to mail, only for an active user who has one. */
    public Optional<String> activeEmail(String userId) {
        return jdbc.sql("SELECT email FROM directory_users WHERE user_id = ? AND active AND email IS NOT NULL AND email <> ''")
                .param(userId)
                .query(String.class)
                .optional();
    }

    private static DirectoryUser user(ResultSet rs, int row) throws SQLException {
        return new DirectoryUser(rs.getString("user_id"), rs.getString("username"), rs.getString("email"),
                Agency.valueOf(rs.getString("agency")), rs.getString("municipality"), rs.getString("unit"),
                List.of((String[]) rs.getArray("roles").getArray()), rs.getBoolean("active"));
    }
}
