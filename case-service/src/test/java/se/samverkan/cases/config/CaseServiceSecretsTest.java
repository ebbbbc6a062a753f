package se.samverkan.cases.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import se.samverkan.cases.CaseServiceApplication;
import se.samverkan.platform.secrets.RefusedSecretsException;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 12: outside development mode case-service refuses to start without its own keys, or on the keys
 * that used to be its defaults. The check runs before any bean exists, so no database or broker is needed here.
 */
class CaseServiceSecretsTest {

    // the former defaults: published in the repository, so no deployment may use them
    private static final String FORMER_PSEUDONYM_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1zdWJqZWN0LXBzZXVkb255bS1rZXk=";
    private static final String FORMER_MASTER_KEYS = "dev-2026:bG9jYWwtZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXQ=";
    private static final String FRESH_KEY = "c2VjcmV0LWZyb20tdGhlLXZhdWx0LTMyLWJ5dGVzLSE=";

    @Test
    void refuses_to_start_without_a_master_key_naming_the_variable() {
        assertThatThrownBy(() -> start("--samverkan.cases.master-keys=", "--samverkan.cases.subject-pseudonym-key=" + FRESH_KEY))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("samverkan.cases.master-keys is not set: set the environment variable SAMVERKAN_CASES_MASTER_KEYS")
                .hasMessageNotContaining("SUBJECT_PSEUDONYM_KEY");
    }

    @Test
    void refuses_to_start_without_a_pseudonym_key_or_database_password() {
        assertThatThrownBy(() -> start("--samverkan.cases.subject-pseudonym-key=", "--spring.datasource.password="))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("set the environment variable SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY")
                .hasMessageContaining("set the environment variable SPRING_DATASOURCE_PASSWORD");
    }

    @Test
    void refuses_to_start_on_the_former_default_keys() {
        assertThatThrownBy(() -> start("--samverkan.cases.subject-pseudonym-key=" + FORMER_PSEUDONYM_KEY,
                "--samverkan.cases.master-keys=" + FORMER_MASTER_KEYS, "--samverkan.cases.current-master-key=dev-2026"))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("samverkan.cases.subject-pseudonym-key holds a development value that is published in the Samverkan repository")
                .hasMessageContaining("samverkan.cases.master-keys holds a development value")
                .hasMessageContaining("SAMVERKAN_CASES_MASTER_KEYS")
                .hasMessageNotContaining(FORMER_PSEUDONYM_KEY);
    }

    @Test
    void refuses_to_start_on_the_test_keys() {
        // src/test/resources/config/application.yml supplies them; only development mode accepts them
        assertThatThrownBy(() -> start())
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY")
                .hasMessageContaining("SAMVERKAN_CASES_MASTER_KEYS");
    }

    /** Command-line arguments outrank the test configuration, which turns development mode on. */
    private static void start(String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.add("--samverkan.development-mode=false");
        if (args.stream().noneMatch(argument -> argument.startsWith("--spring.datasource.password="))) {
            args.add("--spring.datasource.password=not-a-published-one");
        }
        new SpringApplicationBuilder(CaseServiceApplication.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new)).close();
    }
}
