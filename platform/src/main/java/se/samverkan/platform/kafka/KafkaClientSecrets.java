package se.samverkan.platform.kafka;

import org.springframework.core.env.Environment;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretRequirements;

import java.util.List;

/**
 * Every service's broker password: with the broker authenticating clients, it is what stops anyone else from
 * publishing as the service. Listed in platform's META-INF/spring.factories, so every service checks it at start-up.
 */
public class KafkaClientSecrets implements SecretRequirements {

    @Override
    public List<RequiredSecret> requiredSecrets(Environment environment) {
        if (!KafkaClientSecurity.from(environment).securityProtocol().authenticates()) {
            return List.of();
        }
        return List.of(RequiredSecret.of(KafkaClientSecurity.PREFIX + ".password", "the service's own broker password:"
                + " on Kubernetes the Strimzi KafkaUser secret named after the service (key password); elsewhere the"
                + " SCRAM-SHA-512 credential your Kafka operator created for the user SAMVERKAN_KAFKA_USERNAME names"));
    }
}
