package se.samverkan.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the stack keeps its data and which ports it uses. {@link #local(Path)} is the developer's stack with the
 * fixed ports every service's application.yml defaults to; {@link #isolated(Path, Path)} picks free ports and a
 * separate data folder so a test never clashes with a running local stack.
 */
public record StackSettings(
        Path projectRoot,
        Path dataDir,
        String projectVersion,
        Path keycloakDistZip,
        String keycloakVersion,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int keycloakPort,
        int keycloakManagementPort,
        int smtpPort,
        int mailViewerPort,
        int caseServicePort,
        int notificationServicePort,
        int auditServicePort,
        int partnerAuditServicePort,
        int caseServiceManagementPort,
        int notificationServiceManagementPort,
        int auditServiceManagementPort,
        int partnerAuditServiceManagementPort) {

    public static final String REALM = "samverkan";
    public static final String HOST = "127.0.0.1";

    public static StackSettings local(Path projectRoot) {
        Properties build = buildProperties();
        return new StackSettings(projectRoot, projectRoot.resolve(".local-stack"), build.getProperty("project.version"),
                Path.of(build.getProperty("keycloak.dist")), build.getProperty("keycloak.version"),
                55432, 9092, 9093, 8180, 9180, 2525, 8025, 8081, 8082, 8083, 8084,
                // the probes' and metrics' ports (management.server.port): each service's API port + 1000
                9081, 9082, 9083, 9084);
    }

    public static StackSettings isolated(Path projectRoot, Path dataDir) {
        Properties build = buildProperties();
        return new StackSettings(projectRoot, dataDir, build.getProperty("project.version"),
                Path.of(build.getProperty("keycloak.dist")), build.getProperty("keycloak.version"),
                freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                freePort(), freePort(), freePort(), freePort(), freePort());
    }

    public String issuer() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    public String jwkSetUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public String keycloakUrl() {
        return "http://" + HOST + ":" + keycloakPort;
    }

    public String kafkaBootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + postgresPort + "/" + database;
    }

    public String mailViewerUrl() {
        return "http://" + HOST + ":" + mailViewerPort + "/";
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path pidDir() {
        return dataDir.resolve("pids");
    }

    public Path topicsFile() {
        return projectRoot.resolve("infra/kafka/topics.txt");
    }

    /** Who may do what on the broker (see KafkaAccess). */
    public Path aclsFile() {
        return projectRoot.resolve("infra/kafka/acls.txt");
    }

    public Path realmFile() {
        return projectRoot.resolve("infra/keycloak/samverkan-realm.json");
    }

    /**
     * The project root is the folder with the reactor pom and local-stack/; we look upwards from where we are so the
     * launcher works from the root, from local-stack/ and from a test's working directory.
     */
    public static Path findProjectRoot() {
        String explicit = System.getenv("SAMVERKAN_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("local-stack"))
                    && Files.isDirectory(dir.resolve("infra"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Samverkan project folder above " + Path.of("").toAbsolutePath()
                + ". Run the launcher from the project folder, or set SAMVERKAN_HOME to it.");
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = StackSettings.class.getResourceAsStream("/local-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("local-stack.properties is missing from the classpath; build with ./mvnw -q install -DskipTests");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
