package se.samverkan.platform.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL per test JVM (embedded binaries, or the official image when {@link TestInfrastructureMode}
 * says containers); each service gets its own database in it.
 */
public final class TestPostgres {

    private static EmbeddedPostgres postgres;
    private static PostgreSQLContainer container;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres instance() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    private static synchronized PostgreSQLContainer container() {
        if (container == null) {
            container = TestContainers.postgres();
        }
        return container;
    }

    private static boolean containers() {
        return TestInfrastructureMode.current() == TestInfrastructureMode.CONTAINERS;
    }

    public static DataSource superuser() {
        return containers() ? dataSource("postgres") : instance().getPostgresDatabase();
    }

    private static DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl(database));
        dataSource.setUser(username());
        dataSource.setPassword(password());
        return dataSource;
    }

    /** Creates the database once per JVM (idempotent) and returns its JDBC URL; the superuser owns it. */
    public static synchronized String database(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database names here are lower-case identifiers: " + name);
        }
        try (Connection connection = superuser().getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /**
     * A service's database as in production: {@code owner} owns it (and runs the migrations), {@code runtimeRole} is
     * the role the service logs in as, owning nothing. Both roles log in with their name as password (tests only).
     * Idempotent, once per JVM or per context. Returns the JDBC URL without a user, for the roles to log in with.
     */
    public static synchronized String serviceDatabase(String name, String owner, String runtimeRole) {
        database(name);
        for (String role : new String[] {owner, runtimeRole}) {
            if (!role.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("role names here are lower-case identifiers: " + role);
            }
            execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
                    + "CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "'; END IF; END $$");
        }
        execute("postgres", "ALTER DATABASE " + name + " OWNER TO " + owner);
        return jdbcUrlWithoutUser(name);
    }

    /** The URL of {@link #jdbcUrl} without the superuser's name in it, for a service that logs in as another role. */
    public static String jdbcUrlWithoutUser(String database) {
        return jdbcUrl(database).replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("([?&])password=[^&]*&?", "$1")
                .replaceAll("[?&]$", "");
    }

    /** The superuser in the given database: for a test that sets up or tampers with rows the service's role may not. */
    public static DataSource superuser(String database) {
        return containers() ? dataSource(database) : instance().getDatabase("postgres", database);
    }

    public static String jdbcUrl(String database) {
        if (containers()) {
            return "jdbc:postgresql://" + container().getHost() + ":" + container().getMappedPort(5432) + "/" + database;
        }
        return instance().getJdbcUrl("postgres", database);
    }

    public static String username() {
        return "postgres";
    }

    public static String password() {
        return "postgres";
    }

    /** Runs SQL as the superuser in the given database, e.g. to create roles or to tamper with rows in a test. */
    public static void execute(String database, String sql) {
        try (Connection connection = superuser(database).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
