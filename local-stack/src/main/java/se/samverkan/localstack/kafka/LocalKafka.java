package se.samverkan.localstack.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.process.ChildProcess;
import se.samverkan.localstack.secrets.StackSecrets;
import se.samverkan.localstack.wait.Waits;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller in one process) as a child JVM, run from the
 * Kafka jars that Maven put next to the launcher. It authenticates every client (SASL/SCRAM-SHA-512, one principal
 * per service) and authorizes every request against infra/kafka/acls.txt; only the launcher's own admin is a super
 * user. Users, passwords and grants are (re)applied at every start, so the table and the broker never drift apart.
 */
public final class LocalKafka implements AutoCloseable {

    /** The SASL mechanism of every client connection; PLAIN is only spoken on the controller listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final int SCRAM_ITERATIONS = 8192;
    /** Remembers which admin credential the data dir was formatted with (its fingerprint, never the password). */
    private static final String ADMIN_MARKER = "admin-credential.sha256";

    private final StackSettings settings;
    private final ChildProcess broker;
    private final TopicList topics;
    private final KafkaAccess access;
    private final StackSecrets secrets;

    private LocalKafka(StackSettings settings, ChildProcess broker, StackSecrets secrets) {
        this.settings = settings;
        this.broker = broker;
        this.topics = TopicList.read(settings.topicsFile());
        this.access = KafkaAccess.read(settings.aclsFile());
        this.secrets = secrets;
    }

    public static LocalKafka start(StackSettings settings, String java, String classpath, Duration timeout) {
        StackSecrets secrets = StackSecrets.loadOrCreate(settings);
        String adminPassword = secrets.kafkaAdminPassword();
        Path home = settings.dataDir().resolve("kafka");
        Path logDirs = home.resolve("data");
        Path config = home.resolve("server.properties");
        Path log = settings.logDir().resolve("kafka.log");
        try {
            reformatIfFormattedWithoutThisAdmin(home, logDirs, adminPassword);
            Files.createDirectories(logDirs);
            // the file holds the admin's password (controller JAAS): owner-only, like secrets.properties
            Files.deleteIfExists(config);
            Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(config, serverProperties(settings, logDirs, adminPassword));
            Files.writeString(home.resolve("log4j2.properties"), LOG4J2);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write Kafka's configuration under " + home, e);
        }
        List<String> jvm = List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"), "-cp", classpath);
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            // The admin's SCRAM credential goes into the bootstrap metadata, so the broker can authenticate to itself
            // (inter-broker listener) before anyone could create a user. The services' users come later, as admin.
            List<String> format = concat(jvm, "kafka.tools.StorageTool", "format", "--standalone",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
                    "--add-scram", MECHANISM + "=[name=" + StackSecrets.KAFKA_ADMIN_USER + ",password=" + adminPassword
                            + ",iterations=" + SCRAM_ITERATIONS + "]");
            ChildProcess.start("kafka-storage-format", format, Map.of(), home, log, settings.pidDir())
                    .awaitSuccess(Duration.ofSeconds(60));
            try {
                Files.writeString(home.resolve(ADMIN_MARKER), fingerprint(adminPassword));
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + home.resolve(ADMIN_MARKER), e);
            }
        }
        ChildProcess broker = ChildProcess.start("kafka", concat(jvm, "kafka.Kafka", config.toString()), Map.of(), home, log,
                settings.pidDir());
        LocalKafka kafka = new LocalKafka(settings, broker, secrets);
        try {
            Waits.until("Kafka on " + settings.kafkaBootstrapServers(), timeout, broker,
                    () -> Waits.portOpen(StackSettings.HOST, settings.kafkaPort()));
            kafka.applyTopicsUsersAndGrants(timeout);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /**
     * A data dir formatted by the launcher before the broker authenticated its clients has no admin credential, and
     * one formatted with another stack's secrets has a different one; either way the broker could not log in to
     * itself. Kafka only carries events between the services here (each keeps its own data and publishing position),
     * so such a data dir is formatted afresh, once, with a note.
     */
    static boolean reformatIfFormattedWithoutThisAdmin(Path home, Path logDirs, String adminPassword) throws IOException {
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            return false;
        }
        Path marker = home.resolve(ADMIN_MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(fingerprint(adminPassword))) {
            return false;
        }
        System.out.println("Note: the Kafka data in " + logDirs + " was formatted without this stack's broker admin"
                + " (before the broker authenticated its clients); formatting it afresh. Kafka only carries events between"
                + " the services, which keep their own data.");
        try (Stream<Path> paths = Files.walk(logDirs)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        Files.deleteIfExists(marker);
        return true;
    }

    private void applyTopicsUsersAndGrants(Duration timeout) {
        try (Admin admin = Admin.create(adminClientProperties(settings.kafkaBootstrapServers(), StackSecrets.KAFKA_ADMIN_USER,
                secrets.kafkaAdminPassword()))) {
            createTopics(admin);
            applyUsers(admin);
            applyGrants(admin);
            // the services connect as soon as this returns: wait until the broker itself knows every user and grant
            Waits.until("Kafka users and grants", timeout, broker, () -> brokerKnowsUsersAndGrants(admin));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set up Kafka's topics, users and grants: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up Kafka", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 60 s while setting up topics, users and grants; see " + broker.logFile(), e);
        }
    }

    private void createTopics(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        List<NewTopic> missing = topics.topics().stream()
                .filter(topic -> !existing.contains(topic.name()))
                .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1))
                .toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** Each service's SCRAM credential from the stack's secrets; users the table no longer names are deleted. */
    private void applyUsers(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        for (String user : access.users()) {
            if (!StackSecrets.KAFKA_USERS.contains(user)) {
                throw new IllegalStateException(settings.aclsFile() + " grants to '" + user + "', which has no broker password;"
                        + " the stack has users " + StackSecrets.KAFKA_USERS);
            }
            alterations.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), secrets.kafkaPassword(user)));
        }
        for (UserScramCredentialsDescription existing : admin.describeUserScramCredentials().all().get(60, TimeUnit.SECONDS).values()) {
            if (!existing.name().equals(StackSecrets.KAFKA_ADMIN_USER) && !access.users().contains(existing.name())) {
                existing.credentialInfos().forEach(info -> alterations.add(new UserScramCredentialDeletion(existing.name(), info.mechanism())));
            }
        }
        admin.alterUserScramCredentials(alterations).all().get(60, TimeUnit.SECONDS);
    }

    /** Exactly the grants of acls.txt: missing ones are created, any other (stale or added by hand) is deleted. */
    private void applyGrants(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Set<AclBinding> wanted = access.bindings();
        Set<AclBinding> existing = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS));
        List<AclBindingFilter> stale = existing.stream().filter(binding -> !wanted.contains(binding)).map(AclBinding::toFilter).toList();
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get(60, TimeUnit.SECONDS);
        }
        List<AclBinding> missing = wanted.stream().filter(binding -> !existing.contains(binding)).toList();
        if (!missing.isEmpty()) {
            admin.createAcls(missing).all().get(60, TimeUnit.SECONDS);
        }
    }

    private boolean brokerKnowsUsersAndGrants(Admin admin) {
        try {
            KafkaFuture<Map<String, UserScramCredentialsDescription>> users = admin.describeUserScramCredentials().all();
            Set<AclBinding> grants = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS));
            return users.get(10, TimeUnit.SECONDS).keySet().containsAll(access.users()) && grants.equals(access.bindings());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What a client needs to log in as {@code user} on this stack's broker (the launcher, and tests posing as a service). */
    public static Map<String, Object> adminClientProperties(String bootstrapServers, String user, String password) {
        Map<String, Object> properties = new LinkedHashMap<>(clientSecurity(user, password));
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return properties;
    }

    public static Map<String, Object> clientSecurity(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password, ""));
    }

    public ChildProcess process() {
        return broker;
    }

    public TopicList topics() {
        return topics;
    }

    public KafkaAccess access() {
        return access;
    }

    @Override
    public void close() {
        // a controlled shutdown of a single node takes a few seconds; it writes a clean-shutdown marker
        broker.stop(Duration.ofSeconds(30));
    }

    /*
     * Two listeners, both authenticated:
     * - CLIENT (SASL_PLAINTEXT, SCRAM-SHA-512 only) for the services, the launcher and the broker's own inter-broker
     *   traffic. There is no PLAINTEXT listener, so nobody reaches the broker without a password.
     * - CONTROLLER (SASL_PLAINTEXT, PLAIN). KRaft cannot use SCRAM here: SCRAM credentials live in the metadata log the
     *   controller serves, so it could not check them before it has loaded that log. PLAIN against a static JAAS user
     *   list that holds the admin alone means an anonymous (or any other) client on this machine cannot log in to the
     *   controller at all, where a PLAINTEXT controller listener would have let it act as the cluster. It only binds
     *   127.0.0.1; TLS would add nothing a local attacker who can read this file does not already have.
     * The StandardAuthorizer refuses everything acls.txt does not grant; the admin (the launcher itself and the broker
     * talking to itself) is the only super user.
     */
    static String serverProperties(StackSettings settings, Path logDirs, String adminPassword) {
        String host = StackSettings.HOST;
        String admin = StackSecrets.KAFKA_ADMIN_USER;
        return """
                # written by the local-stack launcher at every start; edit LocalKafka.java instead (owner-only: holds a password)
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=%1$s:%3$d
                listeners=CLIENT://%1$s:%2$d,CONTROLLER://%1$s:%3$d
                advertised.listeners=CLIENT://%1$s:%2$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=CLIENT
                listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                sasl.enabled.mechanisms=%6$s
                listener.name.client.sasl.enabled.mechanisms=%6$s
                sasl.mechanism.inter.broker.protocol=%6$s
                listener.name.client.scram-sha-512.sasl.jaas.config=%7$s
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.plain.sasl.jaas.config=%8$s
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                allow.everyone.if.no.acl.found=false
                super.users=User:%9$s
                log.dirs=%4$s
                num.partitions=%5$d
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=%5$d
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=%5$d
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                # every topic, the dead-letter topics included, comes from infra/kafka/topics.txt; none on first use
                auto.create.topics.enable=false
                """.formatted(host, settings.kafkaPort(), settings.kafkaControllerPort(),
                logDirs.toString().replace(File.separatorChar, '/'), 3, MECHANISM,
                jaas("org.apache.kafka.common.security.scram.ScramLoginModule", admin, adminPassword, ""),
                jaas("org.apache.kafka.common.security.plain.PlainLoginModule", admin, adminPassword,
                        " user_" + admin + "=\"" + adminPassword + "\""),
                admin);
    }

    private static String jaas(String module, String user, String password, String extra) {
        if (!user.matches("[a-z0-9-]+") || !password.matches("[0-9a-f]+")) {
            // the stack makes hex passwords and names its users itself: nothing here needs quoting
            throw new IllegalArgumentException("a broker user is [a-z0-9-]+ and its password hex");
        }
        return module + " required username=\"" + user + "\" password=\"" + password + "\"" + extra + ";";
    }

    static String fingerprint(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static final String LOG4J2 = """
            appender.console.type=Console
            appender.console.name=console
            appender.console.layout.type=PatternLayout
            appender.console.layout.pattern=[%d] %p %m (%c)%n
            rootLogger.level=INFO
            rootLogger.appenderRef.console.ref=console
            logger.kafka.name=kafka
            logger.kafka.level=INFO
            logger.state.name=state.change.logger
            logger.state.level=WARN
            """;

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(Stream.of(tail).toList());
        return all;
    }
}
