package se.samverkan.platform.events;

import org.springframework.core.env.Environment;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretRequirements;

import java.util.List;

/** Every service publishes events, so every service needs a signing key of its own that is not in the repository. */
public class EventSigningSecrets implements SecretRequirements {

    public static final String SIGNING_KEY = "samverkan.events.signing-key";

    @Override
    public List<RequiredSecret> requiredSecrets(Environment environment) {
        return List.of(RequiredSecret.of(SIGNING_KEY, "<service>/<label>:<base64 of 32 random bytes>, e.g."
                        + " case-service/2027-01:$(openssl rand -base64 32); give its public key (GET /api/event-signing-keys) to every consumer's"
                        + " SAMVERKAN_EVENTS_TRUSTED_KEYS before the service signs with it")
                .splitBy(value -> List.of(value.substring(value.indexOf(':') + 1).strip())));
    }
}
