package se.samverkan.localstack.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.localstack.StackSettings;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16 point 1, the local broker's configuration: no listener without a login, nothing allowed without a grant. */
class LocalKafkaConfigTest {

    private static final String ADMIN_PASSWORD = "00112233445566778899aabbccddeeff0011223344556677";

    @TempDir
    Path dataDir;

    private Properties serverProperties() throws Exception {
        StackSettings settings = StackSettings.isolated(StackSettings.findProjectRoot(), dataDir);
        Properties properties = new Properties();
        properties.load(new StringReader(LocalKafka.serverProperties(settings, dataDir.resolve("kafka/data"), ADMIN_PASSWORD)));
        return properties;
    }

    @Test
    void every_listener_authenticates_and_clients_speak_scram_sha_512_only() throws Exception {
        Properties server = serverProperties();

        assertThat(server.getProperty("listener.security.protocol.map")).isEqualTo("CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        assertThat(server.getProperty("listeners")).doesNotContain("PLAINTEXT://");
        assertThat(server.getProperty("listener.name.client.sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
        assertThat(server.getProperty("sasl.mechanism.inter.broker.protocol")).isEqualTo("SCRAM-SHA-512");
        assertThat(server.getProperty("listener.name.client.scram-sha-512.sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required").contains("username=\"admin\"");
    }

    @Test
    void the_controller_knows_the_admin_and_nobody_else() throws Exception {
        Properties server = serverProperties();

        assertThat(server.getProperty("listener.name.controller.sasl.enabled.mechanisms")).isEqualTo("PLAIN");
        String jaas = server.getProperty("listener.name.controller.plain.sasl.jaas.config");
        assertThat(jaas).contains("user_admin=\"" + ADMIN_PASSWORD + "\"");
        assertThat(jaas.split("user_", -1)).as("one user on the controller listener").hasSize(2);
    }

    @Test
    void nothing_is_allowed_without_a_grant_and_only_the_admin_is_super() throws Exception {
        Properties server = serverProperties();

        assertThat(server.getProperty("authorizer.class.name")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(server.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
        assertThat(server.getProperty("super.users")).isEqualTo("User:admin");
        assertThat(server.getProperty("auto.create.topics.enable")).isEqualTo("false");
    }

    @Test
    void a_data_dir_formatted_without_this_admin_is_formatted_afresh_once() throws Exception {
        Path home = dataDir.resolve("kafka");
        Path logDirs = home.resolve("data");
        Files.createDirectories(logDirs.resolve("samverkan.case.events-0"));
        Files.writeString(logDirs.resolve("meta.properties"), "cluster.id=old\n");

        assertThat(LocalKafka.reformatIfFormattedWithoutThisAdmin(home, logDirs, ADMIN_PASSWORD)).isTrue();
        assertThat(logDirs).doesNotExist();

        // formatted with this admin (the launcher writes the fingerprint after formatting): kept
        Files.createDirectories(logDirs);
        Files.writeString(logDirs.resolve("meta.properties"), "cluster.id=new\n");
        Files.writeString(home.resolve("admin-credential.sha256"), LocalKafka.fingerprint(ADMIN_PASSWORD));
        assertThat(LocalKafka.reformatIfFormattedWithoutThisAdmin(home, logDirs, ADMIN_PASSWORD)).isFalse();
        assertThat(logDirs.resolve("meta.properties")).exists();
        assertThat(Files.readString(home.resolve("admin-credential.sha256"))).doesNotContain(ADMIN_PASSWORD);
    }
}
