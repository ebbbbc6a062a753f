package se.samverkan.localstack.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;
import se.samverkan.localstack.StackSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * PostgreSQL from embedded binaries with its data under the stack's data folder, so a second start reuses the
 * cluster (~0.1 s) instead of running initdb again.
 */
public final class LocalPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private LocalPostgres(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    public static LocalPostgres start(StackSettings settings) {
        return start(settings, System.getenv());
    }

    static LocalPostgres start(StackSettings settings, Map<String, String> environment) {
        Path dataDir = settings.dataDir().resolve("postgres");
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(settings.logDir());
            stopLeftoverServer(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(LocalPostgres::binaries)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(settings.dataDir().resolve("postgres-binaries").toFile())
                    .setPort(settings.postgresPort())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", StackSettings.HOST)
                    .setServerConfig("max_connections", "200")
                    // as in production (infra/k8s/postgres.yaml): a refused row's DETAIL quotes it; the log keeps the message
                    .setServerConfig("log_error_verbosity", "terse")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(settings.logDir().resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(settings.logDir().resolve("postgres.log").toFile()));
            if (durable(environment)) {
                // The embedded defaults trade durability for start-up speed; a benchmark of what a deployment
                // would do needs every commit on disk.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            boolean statementStatistics = statementStatistics(environment);
            if (statementStatistics) {
                // what each statement cost the server, summed per statement and database: how issue 12 found which
                // queries took the databases' time under load (the benchmark prints the top of it)
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        // as in production (infra/k8s/postgres.yaml): a CREATE ROLE's password is no statistic
                        .setServerConfig("pg_stat_statements.track_utility", "off");
            }
            EmbeddedPostgres postgres = builder.start();
            LocalPostgres local = new LocalPostgres(postgres, dataDir);
            local.createServiceDatabases();
            if (statementStatistics) {
                local.createStatementStatisticsView();
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + settings.postgresPort()
                    + " (is another PostgreSQL using it?); see " + settings.logDir().resolve("postgres.log"), e);
        }
    }

    /**
     * zonky's resolver refuses binaries it finds twice on the class path. deploy's build (the images' AOT training) has
     * them twice: local-stack's jar from the reactor, whose manifest names its own copies in target/lib, and the same
     * artifact from the repository. The same jar twice is no ambiguity, so the first is taken; two different jars
     * still fail.
     */
    static InputStream binaries(String system, String hardware) throws IOException {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware);
        } catch (IllegalStateException twice) {
            String name = ("postgres-" + system + "-" + ArchUtils.normalize(hardware) + ".txz").replace(' ', '_').toLowerCase(Locale.ROOT);
            List<URL> found = Collections.list(DefaultPostgresBinaryResolver.class.getClassLoader().getResources(name));
            Set<String> jars = found.stream().map(LocalPostgres::jarName).collect(Collectors.toSet());
            if (jars.size() != 1) {
                throw twice;
            }
            return found.getFirst().openStream();
        }
    }

    private static String jarName(URL resource) {
        String url = resource.toString();
        String jar = url.contains("!/") ? url.substring(0, url.indexOf("!/")) : url;
        return jar.substring(jar.lastIndexOf('/') + 1);
    }

    static boolean durable(Map<String, String> environment) {
        return Boolean.parseBoolean(environment.getOrDefault("SAMVERKAN_LOCAL_PG_DURABLE", "false"));
    }

    static boolean statementStatistics(Map<String, String> environment) {
        return Boolean.parseBoolean(environment.getOrDefault(STATEMENT_STATISTICS_VARIABLE, "false"));
    }

    public static final String STATEMENT_STATISTICS_VARIABLE = "SAMVERKAN_LOCAL_PG_STATEMENTS";

    /** In the superuser's own database: its view shows every database's statements, and no service's schema changes. */
    private void createStatementStatisticsView() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the extension pg_stat_statements: " + e.getMessage(), e);
        }
    }

    /**
     * pg_ctl runs the server detached from the launcher, so a launcher killed without its shutdown hook leaves it
     * running on our data folder. SIGINT is PostgreSQL's fast shutdown (it does not wait for clients); if even that
     * hangs, SIGKILL leaves a crash recovery to the next start, which PostgreSQL does by itself.
     */
    public static void stopLeftoverServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (RuntimeException unreadable) {
            return;
        }
        var server = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false));
        if (server.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
            server.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            server.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // onExit never completes exceptionally
        }
    }

    /**
     * One database and login role per service, password = name (local only). Every service is split into an owner
     * that runs its Flyway migrations and an application role that its own migrations grant only what the service does,
     * so the running service cannot rewrite history or switch triggers off. Idempotent: runs on every start. A data
     * folder from before the split (case-service's or notification-service's tables created and owned by their runtime
     * role) is handed over to the owner here, as infra/postgres/01-service-databases.sql tells a superuser to do once.
     */
    private void createServiceDatabases() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            for (ServiceDatabase database : ServiceDatabase.values()) {
                createRoleIfMissing(connection, sql, database.owner());
                if (!database.owner().equals(database.applicationRole())) {
                    createRoleIfMissing(connection, sql, database.applicationRole());
                }
                if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database.databaseName())) {
                    sql.execute("CREATE DATABASE " + database.databaseName() + " OWNER " + database.owner());
                }
                // a service connects to its own database only
                sql.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + database.databaseName() + " FROM PUBLIC");
                sql.execute("GRANT CONNECT ON DATABASE " + database.databaseName() + " TO " + database.applicationRole());
                if (!database.owner().equals(database.applicationRole())) {
                    handOverToOwner(database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the services' databases and roles: " + e.getMessage(), e);
        }
    }

    /**
     * The runtime role owns nothing: whatever it still owns in the database (its tables from before the owner existed,
     * or the database itself) becomes the owner's. A no-op once done. REASSIGN OWNED works in the current database only
     * (and on the databases the role owns), so it runs in the service's database; the runtime role owns no other
     * database here.
     */
    private void handOverToOwner(ServiceDatabase database) throws SQLException {
        try (Connection connection = superuserConnection(database.databaseName()); Statement sql = connection.createStatement()) {
            if (exists(connection, """
                    SELECT 1 FROM pg_database WHERE datname = current_database() AND datdba = (SELECT oid FROM pg_roles WHERE rolname = ?)
                    UNION ALL SELECT 1 FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = ?)
                    UNION ALL SELECT 1 FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = ?)
                    UNION ALL SELECT 1 FROM pg_proc WHERE proowner = (SELECT oid FROM pg_roles WHERE rolname = ?)""",
                    database.applicationRole(), database.applicationRole(), database.applicationRole(), database.applicationRole())) {
                sql.execute("ALTER DATABASE " + database.databaseName() + " OWNER TO " + database.owner());
                sql.execute("REASSIGN OWNED BY " + database.applicationRole() + " TO " + database.owner());
            }
        }
    }

    private static void createRoleIfMissing(Connection connection, Statement sql, String role) throws SQLException {
        if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            // role names come from the enum above, never from input
            sql.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "'");
        }
    }

    private static boolean exists(Connection connection, String query, String... names) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < names.length; i++) {
                statement.setString(i + 1, names[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    public Connection superuserConnection(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            // Ctrl-C in a terminal signals the whole process group, so PostgreSQL may have stopped on its own already
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
