package se.samverkan.localstack.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.signing.EventKeys;
import se.samverkan.localstack.StackSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSecretsTest {

    @TempDir
    Path dataDir;

    private StackSettings settings() {
        return StackSettings.isolated(StackSettings.findProjectRoot(), dataDir);
    }

    @Test
    void the_first_start_makes_fresh_keys_and_a_restart_reuses_them() {
        Map<String, String> first = StackSecrets.loadOrCreate(settings()).environmentFor("case-service");

        assertThat(Base64.getDecoder().decode(first.get(StackSecrets.PSEUDONYM_KEY))).hasSize(32);
        String masterKeys = first.get(StackSecrets.MASTER_KEYS);
        assertThat(masterKeys).startsWith(first.get(StackSecrets.CURRENT_MASTER_KEY) + ":");
        assertThat(Base64.getDecoder().decode(masterKeys.substring(masterKeys.indexOf(':') + 1))).hasSize(32);
        assertThat(StackSecrets.loadOrCreate(settings()).environmentFor("case-service")).isEqualTo(first);
    }

    @Test
    void two_stacks_never_share_a_key() {
        Map<String, String> one = StackSecrets.generate();
        Map<String, String> other = StackSecrets.generate();

        one.forEach((name, value) -> {
            if (!name.equals(StackSecrets.CURRENT_MASTER_KEY)) {
                assertThat(other.get(name)).as(name).isNotEqualTo(value);
            }
        });
    }

    @Test
    void each_service_gets_only_its_own_keys() {
        StackSecrets secrets = StackSecrets.loadOrCreate(settings());

        assertThat(secrets.environmentFor("audit-service")).containsOnlyKeys(StackSecrets.AUDIT_SIGNING_KEY,
                StackSecrets.AUDIT_WITNESS_KEY, StackSecrets.EVENT_SIGNING_KEY, StackSecrets.EVENT_TRUSTED_KEYS, StackSecrets.KAFKA_PASSWORD);
        assertThat(secrets.environmentFor("audit-service").get(StackSecrets.AUDIT_SIGNING_KEY)).matches("PRIVATE\\+KEY\\+samverkan\\.local-audit-[0-9a-f]{8}\\+[0-9a-f]{8}\\+.{44}");
        assertThat(secrets.environmentFor("notification-service")).containsOnlyKeys(StackSecrets.EVENT_SIGNING_KEY,
                StackSecrets.EVENT_TRUSTED_KEYS, StackSecrets.KAFKA_PASSWORD);
    }

    @Test
    void each_producer_signs_events_with_a_key_of_its_own_that_every_service_trusts() {
        StackSecrets secrets = StackSecrets.loadOrCreate(settings());
        java.util.Set<String> signingKeys = new java.util.HashSet<>();
        for (String service : StackSecrets.PRODUCERS) {
            Map<String, String> env = secrets.environmentFor(service);
            EventKeys.SigningKey key = EventKeys.parseSigningKey(env.get(StackSecrets.EVENT_SIGNING_KEY));
            assertThat(key.service()).isEqualTo(service);
            signingKeys.add(env.get(StackSecrets.EVENT_SIGNING_KEY));
            assertThat(EventKeys.parsePublicKeys(env.get(StackSecrets.EVENT_TRUSTED_KEYS))).hasSize(3)
                    .containsKey(key.keyId());
            assertThat(env.get(StackSecrets.EVENT_TRUSTED_KEYS)).contains(key.publicKeyText())
                    .doesNotContain(env.get(StackSecrets.EVENT_SIGNING_KEY).substring(env.get(StackSecrets.EVENT_SIGNING_KEY).indexOf(':') + 1));
        }
        assertThat(signingKeys).hasSize(3);
    }

    @Test
    void a_stack_made_before_events_were_signed_gets_event_keys_and_keeps_its_other_keys() throws Exception {
        Map<String, String> before = StackSecrets.loadOrCreate(settings()).environmentFor("case-service");
        Path file = dataDir.resolve(StackSecrets.FILE_NAME);
        java.util.List<String> older = Files.readAllLines(file).stream().filter(line -> !line.startsWith("SAMVERKAN_EVENTS_")).toList();
        Files.write(file, older);

        Map<String, String> after = StackSecrets.loadOrCreate(settings()).environmentFor("case-service");

        assertThat(after.get(StackSecrets.MASTER_KEYS)).isEqualTo(before.get(StackSecrets.MASTER_KEYS));
        assertThat(after.get(StackSecrets.EVENT_SIGNING_KEY)).startsWith("case-service/local-")
                .isNotEqualTo(before.get(StackSecrets.EVENT_SIGNING_KEY));
        assertThat(Files.readString(file)).contains("SAMVERKAN_EVENTS_SIGNING_KEY_CASE_SERVICE");
    }

    @Test
    void the_two_audit_logs_of_issue_14_have_keys_of_their_own_and_an_older_stack_gets_them_added() throws Exception {
        StackSecrets secrets = StackSecrets.loadOrCreate(settings());
        Map<String, String> haninge = secrets.environmentFor("audit-service");
        Map<String, String> partner = secrets.partnerAuditKeys();

        assertThat(partner).containsOnlyKeys(StackSecrets.AUDIT_SIGNING_KEY, StackSecrets.AUDIT_WITNESS_KEY);
        assertThat(partner.get(StackSecrets.AUDIT_SIGNING_KEY)).isNotEqualTo(haninge.get(StackSecrets.AUDIT_SIGNING_KEY))
                .startsWith("PRIVATE+KEY+samverkan.local-audit-botkyrka-");
        assertThat(java.util.Set.of(haninge.get(StackSecrets.AUDIT_WITNESS_KEY), partner.get(StackSecrets.AUDIT_WITNESS_KEY),
                haninge.get(StackSecrets.AUDIT_SIGNING_KEY), partner.get(StackSecrets.AUDIT_SIGNING_KEY))).hasSize(4);
        assertThat(se.samverkan.audit.tlog.Cosignatures.parseKey(secrets.witnessPublicKey(true)).name()).startsWith("samverkan.local/witness-botkyrka-");
        assertThat(secrets.auditVerifierKey(false)).isEqualTo(
                se.samverkan.audit.tlog.NoteKeys.parseSigner(haninge.get(StackSecrets.AUDIT_SIGNING_KEY)).verifier().encoded());

        Path file = dataDir.resolve(StackSecrets.FILE_NAME);
        Files.write(file, Files.readAllLines(file).stream().filter(line -> !line.contains("WITNESS") && !line.startsWith("PARTNER_")).toList());
        StackSecrets upgraded = StackSecrets.loadOrCreate(settings());
        assertThat(upgraded.environmentFor("audit-service").get(StackSecrets.AUDIT_SIGNING_KEY)).isEqualTo(haninge.get(StackSecrets.AUDIT_SIGNING_KEY));
        assertThat(upgraded.environmentFor("audit-service").get(StackSecrets.AUDIT_WITNESS_KEY)).isNotBlank()
                .isNotEqualTo(haninge.get(StackSecrets.AUDIT_WITNESS_KEY));
        assertThat(Files.readString(file)).contains("PARTNER_AUDIT_SIGNING_KEY", "SAMVERKAN_AUDIT_WITNESS_KEY");
    }

    @Test
    void each_service_gets_a_broker_password_of_its_own_and_the_admin_one_more() {
        StackSecrets secrets = StackSecrets.loadOrCreate(settings());

        List<String> passwords = new ArrayList<>();
        for (String service : StackSecrets.KAFKA_USERS) {
            String password = secrets.environmentFor(service).get(StackSecrets.KAFKA_PASSWORD);
            assertThat(password).as(service).isEqualTo(secrets.kafkaPassword(service)).matches("[0-9a-f]{48}");
            passwords.add(password);
        }
        passwords.add(secrets.kafkaAdminPassword());
        assertThat(passwords).doesNotHaveDuplicates().allMatch(password -> password.matches("[0-9a-f]{48}"));
        assertThatThrownBy(() -> secrets.kafkaPassword("mallory")).hasMessageContaining("mallory");
    }

    @Test
    void a_stack_from_before_the_broker_authenticated_keeps_its_keys_and_gets_broker_passwords() throws Exception {
        Path file = dataDir.resolve(StackSecrets.FILE_NAME);
        Files.createDirectories(dataDir.resolve("postgres"));
        Properties old = new Properties();
        StackSecrets.generate().forEach((name, value) -> {
            if (!name.contains("KAFKA")) {
                old.setProperty(name, value);
            }
        });
        try (var writer = Files.newBufferedWriter(file)) {
            old.store(writer, null);
        }

        StackSecrets upgraded = StackSecrets.loadOrCreate(settings());

        assertThat(upgraded.environmentFor("case-service")).containsEntry(StackSecrets.PSEUDONYM_KEY, old.getProperty(StackSecrets.PSEUDONYM_KEY));
        assertThat(upgraded.kafkaAdminPassword()).matches("[0-9a-f]{48}");
        // written back, so the next start logs in with the same passwords
        assertThat(StackSecrets.loadOrCreate(settings()).kafkaPassword("audit-service")).isEqualTo(upgraded.kafkaPassword("audit-service"));
        assertThat(Files.getPosixFilePermissions(file).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void data_written_with_the_former_repository_keys_stops_the_start_with_what_to_do() throws Exception {
        Files.createDirectories(dataDir.resolve("postgres"));

        assertThatThrownBy(() -> StackSecrets.loadOrCreate(settings()))
                .hasMessageContaining("development keys that used to be in the repository")
                .hasMessageContaining(dataDir.resolve("postgres").toString());
        assertThat(dataDir.resolve(StackSecrets.FILE_NAME)).doesNotExist();
    }
}
