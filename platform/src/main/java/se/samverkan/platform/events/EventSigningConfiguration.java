package se.samverkan.platform.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;

/**
 * The service's event signer (its own key) and verifier (the producers it trusts). A key that does not parse stops
 * the service at start-up with what is wrong, never with the key material.
 */
@AutoConfiguration(beforeName = "se.samverkan.platform.kafka.PlatformKafkaConfiguration")
@EnableConfigurationProperties(EventSigningProperties.class)
public class EventSigningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventSigningConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    EventSigner eventSigner(EventSigningProperties properties) {
        try {
            EventSigner signer = new EventSigner(EventKeys.parseSigningKey(properties.signingKey()));
            log.info("Signing published events with key {} as {}", signer.keyId(), signer.producer().source());
            return signer;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(EventSigningSecrets.SIGNING_KEY + " (SAMVERKAN_EVENTS_SIGNING_KEY): " + e.getMessage());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    EventVerifier eventVerifier(EventSigningProperties properties) {
        try {
            EventVerifier verifier = new EventVerifier(EventKeys.parsePublicKeys(properties.trustedKeys()));
            log.info("Accepting events signed by {}", verifier.trustedKeys().keySet());
            return verifier;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("samverkan.events.trusted-keys (SAMVERKAN_EVENTS_TRUSTED_KEYS): " + e.getMessage());
        }
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    EventSigningKeysController eventSigningKeysController(EventSigner signer, EventSigningProperties properties) {
        return new EventSigningKeysController(signer, properties);
    }
}
