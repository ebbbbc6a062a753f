package se.samverkan.contracts.signing;

import se.samverkan.contracts.CloudEvent;
import se.samverkan.signing.EventProducer;

/** A record whose signature verified: the event, the key that signed it and the producer it proves. */
public record VerifiedEvent(CloudEvent event, String keyId, EventProducer producer) {
}
