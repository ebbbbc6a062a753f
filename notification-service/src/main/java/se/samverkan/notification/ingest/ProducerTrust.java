package se.samverkan.notification.ingest;

import se.samverkan.signing.EventKeys;
import se.samverkan.signing.EventProducer;
import se.samverkan.contracts.signing.EventVerifier;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A consumer that trusts no key of the service writing one of its topics would dead-letter everything it reads from
 * there and notify nobody, silently: that is a configuration error, so the service refuses to start instead.
 */
final class ProducerTrust {

    private ProducerTrust() {
    }

    /** @throws IllegalStateException naming each topic whose producer has no trusted key, and what to set */
    static void requireTrustedProducers(Collection<String> topics, EventVerifier verifier) {
        Set<String> trustedServices = new LinkedHashSet<>();
        verifier.trustedKeys().keySet().forEach(keyId -> trustedServices.add(EventKeys.serviceOf(keyId)));
        Set<String> missing = new LinkedHashSet<>();
        for (String topic : topics) {
            for (EventProducer producer : EventProducer.values()) {
                if (producer.topics().contains(topic) && !trustedServices.contains(producer.service())) {
                    missing.add(topic + " (written by " + producer.service() + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("notification-service consumes " + String.join(", ", missing)
                    + " but trusts no event key of its producer: add the producer's public key (GET /api/event-signing-keys of that"
                    + " service) to SAMVERKAN_EVENTS_TRUSTED_KEYS (samverkan.events.trusted-keys)");
        }
    }
}
