package se.samverkan.contracts.signing;

import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.EventProducer;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

/** Signs the events one service publishes, with the key only that service holds. */
public final class EventSigner {

    private final EventKeys.SigningKey key;
    private final EventProducer producer;

    public EventSigner(EventKeys.SigningKey key) {
        this.key = key;
        this.producer = EventProducer.ofService(key.service()).orElseThrow(() -> new IllegalArgumentException(
                "the event signing key " + key.keyId() + " names no producing service; its id must start with one of case-service/,"
                        + " audit-service/, notification-service/"));
    }

    public String keyId() {
        return key.keyId();
    }

    public EventProducer producer() {
        return producer;
    }

    public EventKeys.SigningKey key() {
        return key;
    }

    /** The record value: the envelope with this key's id, signed. Refuses to sign for another producer. */
    public byte[] sign(CloudEvent event) {
        if (!producer.source().equals(event.source())) {
            throw new IllegalArgumentException(key.keyId() + " signs only events of " + producer.source() + ", not of " + event.source());
        }
        ObjectNode envelope = (ObjectNode) CloudEventCodec.toTree(event);
        envelope.remove(SignedEnvelope.SIGNATURE_ATTRIBUTE);
        envelope.put(SignedEnvelope.KEY_ID_ATTRIBUTE, key.keyId());
        return SignedEnvelope.sign(CloudEventCodec.mapper().writeValueAsBytes(envelope), key.privateKey());
    }
}
