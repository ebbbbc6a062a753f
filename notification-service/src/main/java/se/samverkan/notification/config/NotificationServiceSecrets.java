package se.samverkan.notification.config;

import org.springframework.core.env.Environment;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretRequirements;

import java.util.ArrayList;
import java.util.List;

/**
 * The database password, and the Keycloak client secret while the directory sync is on: with the realm file's
 * published secret anyone could read the staff directory. Checked before any bean exists (META-INF/spring.factories).
 */
public class NotificationServiceSecrets implements SecretRequirements {

    static final String DIRECTORY_SYNC = "samverkan.directory.keycloak";

    @Override
    public List<RequiredSecret> requiredSecrets(Environment environment) {
        List<RequiredSecret> secrets = new ArrayList<>(List.of(
                RequiredSecret.of("spring.datasource.password", "the password of the notification_service database role")));
        if (environment.getProperty(DIRECTORY_SYNC + ".enabled", Boolean.class, false)) {
            secrets.add(RequiredSecret.of(DIRECTORY_SYNC + ".client-secret",
                    "the secret Keycloak holds for the directory client (Clients > samverkan-notification > Credentials)"));
        }
        return secrets;
    }
}
