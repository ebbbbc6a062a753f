package se.samverkan.localstack.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.localstack.StackSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

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

        assertThat(secrets.environmentFor("audit-service")).containsOnlyKeys(StackSecrets.AUDIT_SIGNING_KEY);
        assertThat(secrets.environmentFor("audit-service").get(StackSecrets.AUDIT_SIGNING_KEY)).matches("PRIVATE\\+KEY\\+samverkan\\.local-audit-[0-9a-f]{8}\\+[0-9a-f]{8}\\+.{44}");
        assertThat(secrets.environmentFor("notification-service")).isEmpty();
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
