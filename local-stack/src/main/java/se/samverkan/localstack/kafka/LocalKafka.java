package se.samverkan.localstack.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.process.ChildProcess;
import se.samverkan.localstack.wait.Waits;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller in one process) as a child JVM, run from the
 * Kafka jars that Maven put next to the launcher.
 */
public final class LocalKafka implements AutoCloseable {

    /** The broker's default for topics created on first use, e.g. dead-letter topics. */
    private static final int DEFAULT_PARTITIONS = 3;

    private final StackSettings settings;
    private final ChildProcess broker;
    private final TopicList topics;

    private LocalKafka(StackSettings settings, ChildProcess broker) {
        this.settings = settings;
        this.broker = broker;
        this.topics = TopicList.read(settings.topicsFile());
    }

    public static LocalKafka start(StackSettings settings, String java, String classpath, Duration timeout) {
        Path home = settings.dataDir().resolve("kafka");
        Path logDirs = home.resolve("data");
        Path config = home.resolve("server.properties");
        Path log = settings.logDir().resolve("kafka.log");
        try {
            Files.createDirectories(logDirs);
            Files.writeString(config, serverProperties(settings, logDirs));
            Files.writeString(home.resolve("log4j2.properties"), LOG4J2);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write Kafka's configuration under " + home, e);
        }
        List<String> jvm = List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"), "-cp", classpath);
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            List<String> format = concat(jvm, "kafka.tools.StorageTool", "format", "--standalone",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString());
            ChildProcess.start("kafka-storage-format", format, Map.of(), home, log, settings.pidDir())
                    .awaitSuccess(Duration.ofSeconds(60));
        }
        ChildProcess broker = ChildProcess.start("kafka", concat(jvm, "kafka.Kafka", config.toString()), Map.of(), home, log,
                settings.pidDir());
        LocalKafka kafka = new LocalKafka(settings, broker);
        try {
            Waits.until("Kafka on " + settings.kafkaBootstrapServers(), timeout, broker,
                    () -> Waits.portOpen(StackSettings.HOST, settings.kafkaPort()));
            kafka.createTopics();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.topics().stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the Kafka topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 60 s while creating topics; see " + broker.logFile(), e);
        }
    }

    public ChildProcess process() {
        return broker;
    }

    public TopicList topics() {
        return topics;
    }

    @Override
    public void close() {
        // a controlled shutdown of a single node takes a few seconds; it writes a clean-shutdown marker
        broker.stop(Duration.ofSeconds(30));
    }

    private static String serverProperties(StackSettings settings, Path logDirs) {
        String host = StackSettings.HOST;
        return """
                # written by the local-stack launcher at every start; edit LocalKafka.java instead
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=%1$s:%3$d
                listeners=PLAINTEXT://%1$s:%2$d,CONTROLLER://%1$s:%3$d
                advertised.listeners=PLAINTEXT://%1$s:%2$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
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
                # dead-letter topics (samverkan.dlt.<group>) are created on first use, with the same partition count
                auto.create.topics.enable=true
                """.formatted(host, settings.kafkaPort(), settings.kafkaControllerPort(),
                logDirs.toString().replace(File.separatorChar, '/'), DEFAULT_PARTITIONS);
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
