package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import se.samverkan.audit.AuditServiceApplication;
import se.samverkan.audit.schema.SchemaMigration;
import se.samverkan.platform.secrets.RefusedSecretsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 12: outside development mode audit-service refuses to start without its own signing key, or on the
 * key that used to be its published default. The check runs before any bean exists: no database or broker needed.
 */
class AuditServiceSecretsTest {

    // the former default, printed in the README: anyone could sign a rewritten log with it
    private static final String FORMER_SIGNING_KEY =
            "PRIVATE+KEY+samverkan.local-audit-dev+914e6cba+AZfv7LKvFRLiR6GwEy+iuIHZtmr1Eufa6oh5WsaVA4ja";

    @Test
    void refuses_to_start_without_a_signing_key_naming_the_variable() {
        assertThatThrownBy(() -> start("--samverkan.audit.signing-key="))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("samverkan.audit.signing-key is not set: set the environment variable SAMVERKAN_AUDIT_SIGNING_KEY");
    }

    @Test
    void refuses_to_start_on_the_former_published_key() {
        assertThatThrownBy(() -> start("--samverkan.audit.signing-key=" + FORMER_SIGNING_KEY))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("samverkan.audit.signing-key holds a development value that is published in the Samverkan repository")
                .hasMessageContaining("SAMVERKAN_AUDIT_SIGNING_KEY")
                .hasMessageNotContaining(FORMER_SIGNING_KEY);
    }

    @Test
    void refuses_to_start_on_the_test_key_or_the_development_database_passwords() {
        // src/test/resources/config/application.yml supplies the key; only development mode accepts it
        assertThatThrownBy(() -> start("--spring.datasource.password=audit_service"))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("SAMVERKAN_AUDIT_SIGNING_KEY")
                .hasMessageContaining("SPRING_DATASOURCE_PASSWORD");
    }

    @Test
    void the_migration_step_refuses_a_missing_or_published_owner_password_before_it_connects() {
        // the owner may switch the append-only triggers off: its password passes the same check as every secret
        assertThatThrownBy(() -> SchemaMigration.run(Map.of("SPRING_FLYWAY_USER", "audit_owner")::get))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("spring.flyway.password is not set: set the environment variable SPRING_FLYWAY_PASSWORD");
        assertThatThrownBy(() -> SchemaMigration.run(Map.of("SPRING_FLYWAY_USER", "audit_owner", "SPRING_FLYWAY_PASSWORD", "audit_owner")::get))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("published in the Samverkan repository")
                .hasMessageContaining("SPRING_FLYWAY_PASSWORD");
    }

    /** Command-line arguments outrank the test configuration, which turns development mode on. */
    private static void start(String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.add("--samverkan.development-mode=false");
        for (String password : List.of("spring.datasource.password", "spring.flyway.password")) {
            if (args.stream().noneMatch(argument -> argument.startsWith("--" + password + "="))) {
                args.add("--" + password + "=not-a-published-one");
            }
        }
        new SpringApplicationBuilder(AuditServiceApplication.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new)).close();
    }
}
