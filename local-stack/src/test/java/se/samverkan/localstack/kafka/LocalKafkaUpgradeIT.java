package se.samverkan.localstack.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.contracts.Topics;
import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.secrets.StackSecrets;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 point 1, the upgrade: a .local-stack whose Kafka data dir the launcher formatted before the broker
 * authenticated its clients (no admin credential in it) still starts, formatted afresh once with a note; the next
 * start keeps the data. Only the broker runs here, from the jars the launcher uses.
 */
class LocalKafkaUpgradeIT {

    @TempDir
    Path dataDir;

    @Test
    void a_data_dir_of_the_old_plaintext_launcher_is_formatted_afresh_once_and_then_kept() throws Exception {
        StackSettings settings = StackSettings.isolated(StackSettings.findProjectRoot(), dataDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = settings.projectRoot().resolve("local-stack/target/lib") + "/*";
        Path home = dataDir.resolve("kafka");
        Path logDirs = home.resolve("data");
        Files.createDirectories(logDirs);
        // what the old launcher wrote: PLAINTEXT listeners, no authorizer, formatted without --add-scram
        Path old = home.resolve("server.properties");
        Files.writeString(old, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                """.formatted(settings.kafkaPort(), settings.kafkaControllerPort(), logDirs));
        Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone",
                "--cluster-id", Uuid.randomUuid().toString(), "--config", old.toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("old-format.log").toFile()).start();
        assertThat(format.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(format.exitValue()).as(Files.readString(dataDir.resolve("old-format.log"))).isZero();
        assertThat(logDirs.resolve("meta.properties")).exists();

        String firstStart = printed(() -> {
            try (LocalKafka kafka = LocalKafka.start(settings, java, classpath, Duration.ofMinutes(2))) {
                try (Admin admin = admin(settings)) {
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.CASE_EVENTS);
                    admin.createTopics(List.of(new NewTopic("samverkan.upgrade-probe", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                }
            }
        });
        assertThat(firstStart).contains("formatted without this stack's broker admin", "formatting it afresh");

        String secondStart = printed(() -> {
            try (LocalKafka kafka = LocalKafka.start(settings, java, classpath, Duration.ofMinutes(2));
                 Admin admin = admin(settings)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("kept").contains("samverkan.upgrade-probe");
            }
        });
        assertThat(secondStart).doesNotContain("formatting it afresh");
    }

    private static Admin admin(StackSettings settings) {
        return Admin.create(LocalKafka.adminClientProperties(settings.kafkaBootstrapServers(), StackSecrets.KAFKA_ADMIN_USER,
                StackSecrets.loadOrCreate(settings).kafkaAdminPassword()));
    }

    private interface Step {
        void run() throws Exception;
    }

    /** What the launcher printed while the step ran (it talks to the person at the terminal through System.out). */
    private static String printed(Step step) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            step.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
