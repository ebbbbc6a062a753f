package se.samverkan.platform.test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service's runtime database role must be, checked from its own connection: the role it says, with no
 * attribute that reaches past its grants (superuser, creating roles or databases, replication, bypassing row security),
 * owning nothing (no table, sequence, index, schema or function: an owner may add triggers, disable them and change
 * any row), the database the schema owner's, and not a member of the owner's role.
 */
public final class DatabaseRoles {

    private DatabaseRoles() {
    }

    public static void assertOwnsNothing(JdbcClient asRuntimeRole, String runtimeRole, String owner) {
        assertThat(asRuntimeRole.sql("SELECT current_user").query(String.class).single()).isEqualTo(runtimeRole);
        assertThat(asRuntimeRole.sql("""
                SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls FROM pg_roles
                WHERE rolname = current_user""").query(Boolean.class).single()).as("attributes beyond its grants").isFalse();
        assertThat(asRuntimeRole.sql("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
                .query(Long.class).single()).as("tables, sequences, indexes it owns").isZero();
        assertThat(asRuntimeRole.sql("SELECT count(*) FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
                .query(Long.class).single()).as("schemas it owns").isZero();
        assertThat(asRuntimeRole.sql("SELECT count(*) FROM pg_proc WHERE proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)")
                .query(Long.class).single()).as("functions it owns").isZero();
        assertThat(asRuntimeRole.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
                .query(String.class).single()).as("the database's owner").isEqualTo(owner);
        assertThat(asRuntimeRole.sql("SELECT pg_has_role(current_user, ?, 'MEMBER')").param(owner).query(Boolean.class).single())
                .as("member of the owner's role").isFalse();
    }
}
