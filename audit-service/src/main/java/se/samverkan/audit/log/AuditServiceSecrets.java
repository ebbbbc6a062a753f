package se.samverkan.audit.log;

import org.springframework.core.env.Environment;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretRequirements;

import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint signing key is what makes the log's checkpoints evidence: with a published key anyone could sign a
 * rewritten history. Checked before any bean exists (listed in META-INF/spring.factories).
 */
public class AuditServiceSecrets implements SecretRequirements {

    @Override
    public List<RequiredSecret> requiredSecrets(Environment environment) {
        List<RequiredSecret> secrets = new ArrayList<>(List.of(
                RequiredSecret.of("samverkan.audit.signing-key", "an Ed25519 signer key: java -cp audit-service.jar"
                        + " -Dloader.main=se.samverkan.audit.verify.GenerateSigningKey org.springframework.boot.loader.launch.PropertiesLauncher"
                        + " <origin>-<year>; give verifiers the second line it prints"),
                RequiredSecret.of("spring.datasource.password", "the password of the audit_service database role")));
        // a witness cosigns other logs with a key of its own (issue 14): as soon as it witnesses anyone
        if (org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("samverkan.audit.witness.peers[0].origin", String.class).isBound()) {
            secrets.add(RequiredSecret.of("samverkan.audit.witness.key", "a witness cosigning key of its own (never the"
                    + " checkpoint signing key): java -cp audit-service.jar -Dloader.main=se.samverkan.audit.verify.GenerateSigningKey"
                    + " org.springframework.boot.loader.launch.PropertiesLauncher --witness <name>; give logs and verifiers the second line"));
        }
        if (environment.containsProperty("spring.flyway.user")) {
            secrets.add(RequiredSecret.of("spring.flyway.password", "the password of the audit_owner role that runs the migrations"));
        }
        return secrets;
    }
}
